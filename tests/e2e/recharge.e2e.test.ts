import { describe, expect, inject, it } from 'vitest';
import { screenshotPath } from '../support/browser';
import { chromiumForFile } from '../support/chromium-file';
import { call } from '../support/http';
import '../support/provided';

const web = inject('webUrl');
const api = inject('apiUrl');
const admin = inject('adminKey');
const chromium = chromiumForFile();

describe('a tenant recharges in the H5 mini-program', () => {
  it('pays 50 yuan through the sandbox: +5000 fen, and the cut water meter gets a restore command', async () => {
    const meterId = 'W-A101'; // seeded at 0 fen, then charged: in arrears, its valve cut
    const before = (await call(api, `/v1/meters/${meterId}`, { token: admin })).body.balanceFen as number;
    expect(before).toBeLessThanOrEqual(0);
    expect((await call(api, `/v1/admin/meters/${meterId}/commands`, { token: admin })).body.items[0]).toMatchObject({ action: 'cut' });

    const page = await chromium.page();
    await page.goto(`${web}/?openid=demo-tenant-1`);
    await page.locator(`#recharge-${meterId}`).click({ timeout: 30_000 });
    await page.locator('#amount-5000').click({ timeout: 15_000 });
    await page.locator('#pay-button:not(.is-disabled)').click({ timeout: 15_000 });
    await expect.poll(() => page.textContent('#recharge-status'), { timeout: 30_000 }).toContain('已到账');
    await page.locator('#recharge-balance').waitFor({ timeout: 15_000 });
    // The valve was closed: the tenant is told it opens at the meter's next report (unless it already has).
    const notice = page.locator('#recharge-supply-notice');
    if ((await notice.count()) > 0) expect(await notice.textContent()).toMatch(/已充值，.*开阀供水/);
    await page.screenshot({ path: screenshotPath('recharge-paid'), fullPage: true });

    const after = (await call(api, `/v1/meters/${meterId}`, { token: admin })).body.balanceFen as number;
    expect(after - before).toBe(5000);
    // The restore is queued after WeChat Pay has its answer (by the react function): it follows within moments.
    await expect
      .poll(async () => (await call(api, `/v1/admin/meters/${meterId}/commands`, { token: admin })).body.items[0]?.action, { timeout: 15_000 })
      .toBe('restore');
    const ledger = (await call(api, `/v1/meters/${meterId}/ledger`, { token: admin })).body.items;
    expect(ledger[0]).toMatchObject({ kind: 'recharge', amountFen: 5000, method: 'wechat_pay', balanceAfterFen: after });
    await page.context().close();
  });
});
