import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { formatFenAsYuan } from '@prepaid/shared';
import { launchChromium, screenshotPath } from '../support/browser';
import { call } from '../support/http';
import '../support/provided';

const web = inject('webUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function openAs(openid: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${web}/?openid=${openid}`);
  return page;
}

describe('the H5 mini-program against the local stack', () => {
  it('shows a tenant the API health, who they are, and their two meters with balances from the ledger', async () => {
    const page = await openAs('demo-tenant-1');
    await expect.poll(() => page.textContent('#health-status'), { timeout: 30_000 }).toContain('ok');
    expect(await page.textContent('#api-version')).toContain('0.1.0');
    await expect.poll(() => page.textContent('#openid'), { timeout: 15_000 }).toContain('demo-tenant-1');

    for (const meterId of ['E-A101', 'W-A101']) {
      const card = page.locator(`#meter-${meterId}`);
      await card.waitFor({ timeout: 15_000 });
      const balance = formatFenAsYuan((await call(inject('apiUrl'), `/v1/meters/${meterId}`, { token: inject('adminKey') })).body.balanceFen);
      expect(await card.locator('.meter-balance').textContent()).toContain(`¥${balance}`.replace('¥-', '-¥'));
    }
    expect(await page.locator('[id^="meter-"][class*="meter-card"]').count()).toBe(2);
    await page.screenshot({ path: screenshotPath('tenant-home'), fullPage: true });
    await page.context().close();
  });

  it('hides the manager tab from a tenant and shows it to a manager', async () => {
    const tenant = await openAs('demo-tenant-2');
    await tenant.locator('#tab-me').waitFor({ timeout: 30_000 });
    await tenant.locator('#meter-E-A102').waitFor({ timeout: 15_000 });
    expect(await tenant.locator('#tab-manager').count()).toBe(0);
    await tenant.context().close();

    const manager = await openAs('demo-manager');
    await manager.locator('#tab-manager').waitFor({ timeout: 30_000 });
    await manager.locator('#no-meters').waitFor({ timeout: 15_000 });
    await manager.click('#tab-manager');
    await manager.locator('#manager-summary').waitFor({ timeout: 15_000 });
    expect(await manager.textContent('#manager-roles')).toContain('manager');
    await manager.screenshot({ path: screenshotPath('manager-page'), fullPage: true });
    await manager.context().close();
  });

  it('shows a newly logged-in tenant how to bind a meter', async () => {
    const page = await openAs('someone-new');
    await page.locator('#no-meters').waitFor({ timeout: 30_000 });
    expect(await page.textContent('#no-meters')).toMatch(/扫|二维码|QR/);
    await page.context().close();
  });
});
