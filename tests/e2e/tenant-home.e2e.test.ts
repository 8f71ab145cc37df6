import { describe, expect, it, inject } from 'vitest';
import type { Page } from 'playwright-core';
import { formatFenAsYuan } from '@prepaid/shared';
import { screenshotPath } from '../support/browser';
import { chromiumForFile } from '../support/chromium-file';
import { call } from '../support/http';
import '../support/provided';

const web = inject('webUrl');
const chromium = chromiumForFile();

async function openAs(openid: string): Promise<Page> {
  const page = await chromium.page();
  await page.goto(`${web}/?openid=${openid}`);
  return page;
}

describe('the H5 mini-program against the local stack', () => {
  it("shows a tenant their two meters: balances from the ledger, days left, what to know now; and who they are on the Me page", async () => {
    const page = await openAs('demo-tenant-1');
    for (const meterId of ['E-A101', 'W-A101']) {
      const card = page.locator(`#meter-${meterId}`);
      await card.waitFor({ timeout: 30_000 });
      const view = (await call(inject('apiUrl'), `/v1/meters/${meterId}`, { token: inject('adminKey') })).body;
      const balance = formatFenAsYuan(view.balanceFen);
      expect(await card.locator('.meter-balance').textContent()).toContain(`¥${balance}`.replace('¥-', '-¥'));
      expect(await card.locator('.meter-days-left').textContent()).toMatch(/约可用 \d+ 天|预计不足 1 天|可用天数统计中|余额已用完/);
      expect(await card.locator('.meter-last-reading').textContent()).toMatch(/最近读数|暂无读数/);
    }
    expect(await page.locator('[id^="meter-"][class*="meter-card"]').count()).toBe(2);
    // A tenant's home shows no openid and no service health.
    expect(await page.locator('#health-status').count()).toBe(0);
    expect(await page.textContent('body')).not.toContain('demo-tenant-1');
    await page.screenshot({ path: screenshotPath('tenant-home'), fullPage: true });

    // Usage: each reading says when the meter took it and when it arrived.
    await page.click('#tab-usage');
    await page.locator('#readings-E-A101 .reading-item').first().waitFor({ timeout: 15_000 });
    expect(await page.locator('#readings-E-A101 .reading-times').first().textContent()).toMatch(/^抄表 \d{2}-\d{2} \d{2}:\d{2} · 到达 \d{2}-\d{2} \d{2}:\d{2}/);
    await page.screenshot({ path: screenshotPath('tenant-usage'), fullPage: true });

    await page.click('#tab-me');
    await expect.poll(() => page.textContent('#me-openid'), { timeout: 15_000 }).toContain('demo-tenant-1');
    await expect.poll(() => page.getAttribute('#health-status', 'data-status'), { timeout: 15_000 }).toBe('ok');
    expect(await page.textContent('#health-status')).toBe('正常');
    expect(await page.textContent('#api-version')).toContain('0.1.0');
    await page.screenshot({ path: screenshotPath('tenant-me'), fullPage: true });
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
    // The seeded manager's building, by state.
    await manager.locator('#building-bldg-a').waitFor({ timeout: 15_000 });
    await manager.screenshot({ path: screenshotPath('manager-page'), fullPage: true });
    await manager.context().close();
  });

  it("binds a new tenant who opens the app from a meter's QR code, and lands on that meter", async () => {
    const { scene } = (await call(inject('apiUrl'), '/v1/admin/meters/E-A205/binding-code', { token: inject('adminKey') })).body as { scene: string };
    const page = await chromium.page();
    const context = page.context();
    // WeChat opens the QR code's page with the scene in its query; the H5 build reads it the same way.
    await page.goto(`${web}/?openid=scan-tenant-${Date.now()}#/pages/home/index?scene=${encodeURIComponent(scene)}`);
    try {
      await page.locator('#meter-E-A205').waitFor({ timeout: 30_000 });
    } catch (error) {
      // What the page said instead (a failed binding, an error, an empty list) is the diagnosis.
      await page.screenshot({ path: screenshotPath('tenant-scan-bind-failed'), fullPage: true });
      throw new Error(`no card for E-A205; the page says: ${(await page.textContent('body'))?.slice(0, 400) ?? ''}`, { cause: error });
    }
    expect(await page.textContent('#scene-binding')).toContain('已绑定表计 E-A205');
    await page.screenshot({ path: screenshotPath('tenant-scan-bind'), fullPage: true });
    await context.close();
  });

  it('shows a newly logged-in tenant how to bind a meter', async () => {
    const page = await openAs('someone-new');
    await page.locator('#no-meters').waitFor({ timeout: 30_000 });
    expect(await page.textContent('#no-meters')).toMatch(/扫|二维码|QR/);
    await page.context().close();
  });
});
