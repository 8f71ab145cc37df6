import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import * as XLSX from 'xlsx';
import { auditedScreenshots } from '../support/axe';
import { screenshotPath } from '../support/browser';
import { chromiumForFile } from '../support/chromium-file';
import { call } from '../support/http';
import '../support/provided';

const web = inject('webUrl');
const api = inject('apiUrl');
const admin = inject('adminKey');
const chromium = chromiumForFile();
const BUILDING = 'bldg-a';

const { audits, shot } = auditedScreenshots(screenshotPath);

/** `12,345.60`-free yuan text (`¥123.45`) to fen, by integers. */
const fenOf = (text: string): number => {
  const match = /(-?)¥?(\d+)\.(\d{2})/.exec(text.replace(/,/g, ''));
  if (!match) throw new Error(`no amount in "${text}"`);
  return (match[1] ? -1 : 1) * (Number(match[2]) * 100 + Number(match[3]));
};

describe('statistics and exports in the H5 mini-program', () => {
  it('shows a building’s month by channel as the API counts it, then writes the ledger as XLSX, downloads it, and its total is the statistics’', async () => {
    const openid = `e2e-reports-${Date.now()}`;
    const page = await chromium.page();
    let loads = 0;
    const open = (hash: string) => page.goto(`${web}/?openid=${openid}&load=${++loads}#${hash}`);
    const visible = (selector: string) => page.locator(`${selector} >> visible=true`).first();

    // A manager of the demo building, and a cash payment of ¥12.34 made today, so the month has a cash recharge.
    const invitation = await call(api, '/v1/admin/invitations', { token: admin, body: { role: 'manager', buildings: [BUILDING], note: '财务 李静' } });
    await open(`/package-admin/invite/index?code=${invitation.body.code}`);
    await page.locator('#invite-redeem').click({ timeout: 30_000 });
    await expect.poll(async () => (await page.textContent('#invite-joined')) ?? '', { timeout: 15_000 }).toContain('物业管理员');
    expect((await call(api, '/v1/admin/meters/E-A101/payments', { token: admin, body: { amountFen: 1_234, method: 'cash' } })).status).toBe(201);

    // 1. The manager tab links to the statistics: this month (the building is the manager's only one).
    await open('/pages/manager/index');
    await visible('#admin-link-stats').click({ timeout: 30_000 });
    await visible('#stats-totals').waitFor({ timeout: 30_000 });
    const range = (await visible('#stats-range').textContent()) ?? '';
    const [from, to] = range.match(/\d{4}-\d{2}-\d{2}/g) ?? [];
    const expected = (await call(api, `/v1/admin/statistics?from=${from}&to=${to}&grain=day&buildingId=${BUILDING}`, { token: admin })).body;
    expect(expected.totals.recharge.byChannel.cash.fen).toBeGreaterThanOrEqual(1_234);
    expect(fenOf((await visible('#stats-recharge').textContent()) ?? '')).toBe(expected.totals.recharge.fen);
    expect(fenOf((await visible('#stats-net').textContent()) ?? '')).toBe(expected.totals.netIncomeFen);
    expect(await visible('#stats-channels').textContent()).toContain('现金');
    // The chart was given the API's integers of fen, period by period and channel by channel.
    const drawn = (await page.evaluate(`(() => {
      const option = window.__charts__['stats-channel-chart'].getOption();
      return JSON.stringify({ periods: option.xAxis[0].data, series: option.series.map((s) => ({ name: s.name, data: s.data })) });
    })()`)) as string;
    const chart = JSON.parse(drawn) as { periods: string[]; series: { name: string; data: number[] }[] };
    expect(chart.periods).toHaveLength(expected.series.length);
    expect(chart.series.find((s) => s.name === '现金')?.data).toEqual(expected.series.map((p: { recharge: { byChannel: { cash: { fen: number } } } }) => p.recharge.byChannel.cash.fen));
    expect(await visible(`#stats-building-${BUILDING}`).textContent()).toContain('幸福里');
    await shot(page, 'reports-1-month');

    // 2. This year, by month.
    await visible('#period-year').click();
    await expect.poll(async () => (await visible('#stats-range').textContent()) ?? '').toMatch(/\d{4}-01-01 至/);
    await visible('#stats-totals').waitFor();
    await shot(page, 'reports-2-year');
    await visible('#stats-buildings').scrollIntoViewIfNeeded();
    await shot(page, 'reports-2b-year-buildings');

    // 3. This month's income, line by line: the ¥12.34 in cash, its room and who recorded it.
    await visible('#period-month').click();
    await visible('#stats-income').click();
    await visible('#income').waitFor({ timeout: 30_000 });
    const cash = visible('#income [data-kind="recharge"]:has-text("¥12.34")');
    await cash.waitFor({ timeout: 15_000 });
    expect(await cash.textContent()).toContain('现金');
    expect(await cash.textContent()).toContain('101 室');
    expect(await cash.textContent()).toContain('经办');
    await shot(page, 'reports-3-income');
    await page.goBack();

    // 4. On to the exports with the same month: the ledger as Excel.
    await visible('#stats-export').click();
    await visible('#export-start').waitFor({ timeout: 30_000 });
    expect(await visible('#export-range').textContent()).toContain(`${from} 至 ${to}`);
    // Ready to press (and drawn so: a disabled-looking button would say it is not).
    expect(await visible('#export-start').getAttribute('disabled')).toBeNull();
    await visible('#export-kind-ledger').click();
    await visible('#export-format-xlsx').click();
    await visible('#export-start').click();
    const item = visible('#export-list [data-status]');
    await expect.poll(async () => item.getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
    const id = ((await item.getAttribute('id')) ?? '').replace(/^export-/, '');
    await shot(page, 'reports-4-export-done');

    // 5. Download it as a manager would, and open it with a real XLSX reader: its totals row is the ledger's,
    // which is what the statistics say the month moved (recharges − refunds + adjustments + reversals − charges).
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), visible(`#export-download-${id}`).click()]);
    expect(download.suggestedFilename()).toMatch(/^流水_.*\.xlsx$/);
    const book = XLSX.read(readFileSync((await download.path())!), { type: 'buffer' });
    const rows = XLSX.utils.sheet_to_json<string[]>(book.Sheets[book.SheetNames[0]!]!, { header: 1, raw: false, defval: '' });
    const amount = rows[0]!.indexOf('金额（元）');
    expect(rows.at(-1)![0]).toBe('合计');
    const after = (await call(api, `/v1/admin/statistics?from=${from}&to=${to}&grain=day&buildingId=${BUILDING}`, { token: admin })).body.totals;
    const moved = after.recharge.fen - after.refund.fen + after.adjustment.fen + after.reversal.fen - after.consumption.electricity.fen - after.consumption.water.fen;
    expect(fenOf(rows.at(-1)![amount]!)).toBe(moved);
    expect(rows.length - 2).toBe(Number(((await visible(`#export-rows-${id}`).textContent()) ?? '').replace(/\D/g, '')));
    expect(rows.slice(1, -1).some((row) => row.includes('E-A101') && row[amount] === '12.34')).toBe(true);

    expect(audits).toEqual({});
  });
});
