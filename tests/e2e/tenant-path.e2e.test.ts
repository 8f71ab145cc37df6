import { describe, expect, inject, it } from 'vitest';
import { formatFenAsYuan } from '@prepaid/shared';
import type { SimMeter } from '../../scripts/simulator';
import { auditedScreenshots } from '../support/axe';
import { screenshotPath } from '../support/browser';
import { chromiumForFile } from '../support/chromium-file';
import { waterMeterReports } from '../support/meter-reports';
import { call } from '../support/http';
import '../support/provided';

const web = inject('webUrl');
const api = inject('apiUrl');
const admin = inject('adminKey');
const chromium = chromiumForFile();

/** The demo's water meter of room A-201: seeded at zero, so in arrears with its valve cut. */
const METER: SimMeter = { meterId: 'W-A201', utility: 'water', protocol: 'cjt188', address: '00000000020102', platform: 'onenet', deviceId: 'on-W-A201', imei: '8600000002012', startValue: 0 };

/** What the meter itself reports through OneNET: its register and its valve. */
const meterReports = (valve: 'on' | 'off') => waterMeterReports(api, admin, METER, valve);

/** Each page the walk shows: its screenshot, and what axe-core (WCAG 2.2 AA) found on it. */
const { audits, shot } = auditedScreenshots(screenshotPath);

describe('the whole tenant path in the H5 mini-program', () => {
  it('scan, bind, see, recharge, receipt, charts, subscribe, one low-balance message, refund, English', async () => {
    const openid = `path-tenant-${Date.now()}`;
    const tenantToken = (await call(api, '/v1/auth/login', { body: { code: `local:${openid}` } })).body.token as string;
    // The valve is closed (the meter says so), and there is nothing on the wallet.
    await meterReports('off');
    await expect.poll(async () => (await call(api, `/v1/meters/${METER.meterId}`, { token: admin })).body.supply, { timeout: 20_000 }).toBe('off');
    const before = (await call(api, `/v1/meters/${METER.meterId}`, { token: admin })).body.balanceFen as number;
    expect(before).toBeLessThanOrEqual(0);

    // 1. The printed code's scene opens the app, binds, and lands on the meter: balance, days left, the cut.
    const { scene } = (await call(api, `/v1/admin/meters/${METER.meterId}/binding-code`, { token: admin })).body as { scene: string };
    const page = await chromium.page();
    const context = page.context();
    page.on('dialog', (dialog) => void dialog.accept());
    // A fresh load each time (the search changes): going to the address already open would keep the page and what it read.
    let loads = 0;
    const open = (hash: string) => page.goto(`${web}/?openid=${openid}&load=${++loads}#${hash}`);
    await open(`/pages/home/index?scene=${encodeURIComponent(scene)}`);
    await page.locator(`#meter-${METER.meterId}`).waitFor({ timeout: 30_000 });
    expect(await page.textContent('#scene-binding')).toContain(`已绑定表计 ${METER.meterId}`);
    expect(await page.textContent(`#meter-${METER.meterId} .meter-notice`)).toContain('已关阀');
    expect(await page.textContent(`#meter-${METER.meterId} .meter-days-left`)).toBeTruthy();
    await shot(page, 'path-1-home-cut');

    // 2. Recharge 50 yuan through the sandbox: credited, the new balance, and when the water comes back.
    await page.locator(`#recharge-${METER.meterId}`).click();
    await page.locator('#amount-5000').click({ timeout: 15_000 });
    await page.locator('#pay-button:not(.is-disabled)').click({ timeout: 15_000 });
    await expect.poll(() => page.textContent('#recharge-status'), { timeout: 30_000 }).toContain('已到账');
    expect(await page.textContent('#recharge-balance')).toBe(`¥${formatFenAsYuan(before + 5000)}`);
    expect(await page.textContent('#recharge-supply-notice')).toMatch(/已充值，.*开阀供水/);
    await shot(page, 'path-2-recharged');
    // The restore is queued after the payment's answer: the card then says by when the meter takes it.
    // (The home page reads the meters again every 10 s while a supply is changing.)
    await open('/pages/home/index');
    await expect.poll(async () => (await page.locator(`#meter-${METER.meterId} .meter-notice >> visible=true`).first().textContent()) ?? '', { timeout: 40_000 }).toMatch(/预计 .* 前开阀供水/);
    await shot(page, 'path-3-home-restoring');

    // 3. The recharge in the records, and its receipt.
    await page.locator(`#records-${METER.meterId}`).click();
    const recharge = page.locator('.record--recharge').first();
    await recharge.waitFor({ timeout: 15_000 });
    expect(await recharge.textContent()).toContain('+¥50.00');
    await shot(page, 'path-4-records');
    await recharge.locator('.link-button').click();
    await page.locator('#receipt-amount').waitFor({ timeout: 15_000 });
    expect(await page.textContent('#receipt-amount')).toBe('+¥50.00');
    expect(await page.textContent('#receipt-method')).toBe('微信支付');
    await shot(page, 'path-5-receipt');

    // 4. The usage charts drew the 12 months the usage route serves (the seeded history is two months; the rest are zeros).
    await open(`/package-usage/charts/index?meterId=${METER.meterId}`);
    await page.locator('#span-year').click({ timeout: 30_000 });
    // The H5 build keeps each chart it drew under window.__charts__ (see echart.tsx): the option ECharts holds, read back.
    type Drawn = { series: { data: number[] }[] };
    const optionOf = () => page.evaluate("window.__charts__ && window.__charts__['usage-chart'] ? window.__charts__['usage-chart'].getOption() : undefined") as Promise<Drawn | undefined>;
    await expect.poll(async () => (await optionOf())?.series[0]?.data.length ?? 0, { timeout: 15_000 }).toBe(12);
    const drawn = (await optionOf())!;
    const beijing = new Date(Date.now() + 8 * 3_600_000);
    const monthIndex = beijing.getUTCFullYear() * 12 + beijing.getUTCMonth();
    const monthOf = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    const served = (await call(api, `/v1/meters/${METER.meterId}/usage?granularity=month&from=${monthOf(monthIndex - 11)}&to=${monthOf(monthIndex)}`, { token: tenantToken })).body as { buckets: { quantity: number; costFen: number }[] };
    expect(drawn.series[0]!.data).toEqual(served.buckets.map((bucket) => bucket.quantity));
    expect(drawn.series[1]!.data).toEqual(served.buckets.map((bucket) => bucket.costFen));
    expect(served.buckets.some((bucket) => bucket.quantity > 0)).toBe(true);
    // Something was painted: the canvas is not blank.
    // Something was painted: the chart's canvas is not blank (run in the page, as its own script).
    const painted = await page.evaluate(`(() => {
      const canvas = document.querySelector('#usage-chart canvas');
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) count++;
      return count;
    })()`);
    expect(painted).toBeGreaterThan(1000);
    await page.locator('#insights').waitFor({ timeout: 15_000 });
    await shot(page, 'path-6-charts');

    // 5. Subscribe to the balance alerts (the browser's dialog stands for WeChat's), then the balance falls below ¥20 twice over.
    await open('/package-tenant/messages/index');
    await page.locator('#subscribe-balance').click({ timeout: 30_000 });
    await expect.poll(() => page.textContent('#subscription-low_balance'), { timeout: 15_000 }).toContain('还可接收 1 条');
    const balance = (await call(api, `/v1/meters/${METER.meterId}`, { token: admin })).body.balanceFen as number;
    expect((await call(api, `/v1/admin/meters/${METER.meterId}/adjustments`, { token: admin, body: { amountFen: -(balance - 1500), reason: '演示：用水扣费' } })).status).toBe(201);
    expect((await call(api, `/v1/admin/meters/${METER.meterId}/adjustments`, { token: admin, body: { amountFen: -100, reason: '演示：再扣一次' } })).status).toBe(201);
    const outbox = (await call(api, `/v1/admin/notifications?meterId=${METER.meterId}&limit=100`, { token: admin })).body.items as { kind: string; to: string; channel: string; status: string }[];
    expect(outbox.filter((item) => item.kind === 'low_balance' && item.to === openid)).toEqual([expect.objectContaining({ channel: 'wechat', status: 'sent' })]);
    await open('/package-tenant/messages/index');
    await expect.poll(async () => (await page.textContent(`#messages-${METER.meterId}`)) ?? '', { timeout: 15_000 }).toContain('余额不足');
    // The subscriptions are a read of their own, answered in their own time.
    await expect.poll(async () => (await page.textContent('#subscription-low_balance')) ?? '', { timeout: 15_000 }).toContain('未订阅');
    // The alarm behind the message is listed above, with what to do.
    await expect.poll(async () => (await page.textContent(`#alarms-${METER.meterId}`)) ?? '', { timeout: 15_000 }).toContain('请及时充值');
    await shot(page, 'path-7-messages');

    // 6. Ask for a refund; it is listed, pending.
    await open(`/package-tenant/refund/index?meterId=${METER.meterId}`);
    await page.locator('#refund-amount input, input#refund-amount').first().fill('5', { timeout: 30_000 });
    await page.locator('#refund-reason input, input#refund-reason').first().fill('下月搬走');
    await page.locator('#refund-submit').click();
    await page.locator('#refund-sent').waitFor({ timeout: 15_000 });
    await expect.poll(async () => (await page.textContent('#refund-list')) ?? '', { timeout: 15_000 }).toContain('待审核');
    await shot(page, 'path-8-refund');

    // 7. English.
    await open('/pages/me/index');
    await page.locator('#language-en').click({ timeout: 30_000 });
    // The H5 build keeps the pages it opened in the document, hidden: only the visible one is read.
    const visible = (selector: string) => page.locator(`${selector} >> visible=true`).first().textContent();
    await expect.poll(() => visible('.page-title')).toBe('Me');
    await open('/pages/home/index');
    await expect.poll(async () => (await visible('.page-title')) ?? '', { timeout: 15_000 }).toBe('My meters');
    expect(await visible(`#meter-${METER.meterId} .meter-card__caption`)).toBe('Balance');
    expect(await visible('#tab-usage')).toBe('Usage');
    await shot(page, 'path-9-home-english');
    await open(`/package-usage/charts/index?meterId=${METER.meterId}`);
    await expect.poll(async () => (await visible('#span-week')) ?? '', { timeout: 30_000 }).toBe('7 days');
    await shot(page, 'path-10-charts-english');
    // Every page the tenant saw: labelled controls, readable contrast, tap targets of a finger's size.
    expect(audits).toEqual({});
    await context.close();

    // And no one else sees this meter.
    const stranger = (await call(api, '/v1/auth/login', { body: { code: `local:stranger-${Date.now()}` } })).body.token as string;
    expect((await call(api, `/v1/meters/${METER.meterId}`, { token: stranger })).status).toBe(404);
  }, 240_000);
});
