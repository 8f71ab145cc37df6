import { describe, expect, inject, it } from 'vitest';
import * as XLSX from 'xlsx';
import { beijingDate } from '../../functions/src/platform/beijing-time';
import { processReading } from '../../functions/src/services/billing';
import { integrationDeps, unique } from '../support/deps';
import { login, managerOf } from '../support/estate';
import { bindTenant, call } from '../support/http';
import { wholeLedger } from '../support/ledger';

const api = inject('apiUrl');
const admin = inject('adminKey');

const DAY = 86_400_000;

/**
 * A building of an electricity and a water meter: ¥10 cash and ¥500 by bank
 * on E, ¥30 cash on W, −¥0.50 adjusted on W, 1 kWh used on E and 2 m³ on W,
 * ¥3 refunded in cash from E (approved by a second member of staff).
 */
async function building() {
  const deps = integrationDeps({ now: new Date() });
  const buildingId = unique('ST');
  await deps.store.estate.putBuilding({ id: buildingId, name: '统计楼', address: '—' });
  const tariff = async (utility: string, price: string) => (await call(api, '/v1/admin/tariffs', { token: admin, body: { name: `st-${utility}`, utility, kind: 'flat', price } })).body.id as string;
  const meter = async (utility: 'electricity' | 'water', room: string, tariffId: string) => {
    const id = unique(utility === 'electricity' ? 'SE' : 'SW');
    const body = {
      id,
      utility,
      protocol: utility === 'electricity' ? 'dlt645' : 'cjt188',
      address: utility === 'electricity' ? '000000000011' : '00000000000011',
      platform: 'simulator',
      deviceId: `st-${id}`,
      tariffId,
      buildingId,
      room,
    };
    const created = await call(api, '/v1/admin/meters', { token: admin, body });
    expect(created.status).toBe(201);
    return id;
  };
  const e = await meter('electricity', '501', await tariff('electricity', '1.00'));
  const w = await meter('water', '502', await tariff('water', '3.50'));
  const pay = async (meterId: string, amountFen: number, method: string) =>
    expect((await call(api, `/v1/admin/meters/${meterId}/payments`, { token: admin, body: { amountFen, method, ...(method === 'bank_transfer' ? { reference: unique('bank') } : {}) } })).status).toBe(201);
  await pay(e, 1_000, 'cash');
  await pay(e, 50_000, 'bank_transfer');
  await pay(w, 3_000, 'cash');
  expect((await call(api, `/v1/admin/meters/${w}/adjustments`, { token: admin, body: { amountFen: -50, reason: '抄表差错' } })).status).toBe(201);
  const now = Date.now();
  deps.clock.set(new Date(now));
  await processReading(deps, e, { value: 1_000_000, unit: 'Wh', at: new Date(now - 2_000), source: 'test' });
  await processReading(deps, e, { value: 1_001_000, unit: 'Wh', at: new Date(now - 1_000), source: 'test' });
  await processReading(deps, w, { value: 10_000, unit: 'L', at: new Date(now - 2_000), source: 'test' });
  await processReading(deps, w, { value: 12_000, unit: 'L', at: new Date(now - 1_000), source: 'test' });
  const manager = await managerOf([buildingId]);
  const tenant = await login('st');
  expect((await bindTenant(api, admin, tenant.token, e)).status).toBe(201);
  const request = await call(api, '/v1/refund-requests', { token: tenant.token, body: { meterId: e, amountFen: 300, reason: '多缴' } });
  expect(request.status).toBe(201);
  expect((await call(api, `/v1/admin/refund-requests/${request.body.id}/approve`, { token: manager.token, body: { method: 'cash' } })).status).toBe(200);
  await deps.store.alarms.raise({ meterId: w, kind: 'meter_fault', severity: 'critical', message: 'fault', details: {}, raisedAt: new Date(now).toISOString() });
  // Yesterday to tomorrow (Beijing): the same answers whenever this runs, even across midnight.
  const [from, to] = [beijingDate(new Date(now - DAY)), beijingDate(new Date(now + DAY))];
  return { deps, buildingId, e, w, manager, from, to };
}

/** Another building, with a manager of its own. */
async function otherBuilding(): Promise<string> {
  const id = unique('SO');
  await integrationDeps().store.estate.putBuilding({ id, name: '别的楼', address: '—' });
  return id;
}

const ledgerSum = async (deps: ReturnType<typeof integrationDeps>, meterIds: string[]) => {
  const entries = (await Promise.all(meterIds.map((id) => wholeLedger(deps, id)))).flat();
  return { entries, sum: entries.reduce((total, entry) => total + entry.amountFen, 0) };
};

async function finished(token: string, id: string) {
  for (let i = 0; i < 600; i++) {
    const answer = await call(api, `/v1/admin/exports/${id}`, { token });
    expect(answer.status).toBe(200);
    if (answer.body.status !== 'running') return answer.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`export ${id} still running after a minute`);
}

describe('statistics and exports', () => {
  it('adds up recharges by channel, refunds, adjustments and consumption by utility from the day aggregates, equal to the ledger', async () => {
    const { deps, buildingId, e, w, manager, from, to } = await building();
    const answer = await call(api, `/v1/admin/statistics?from=${from}&to=${to}&grain=day`, { token: manager.token });
    expect(answer.status).toBe(200);
    const { totals } = answer.body;
    expect(totals.recharge).toEqual({ count: 3, fen: 54_000, byChannel: { wechat: { count: 0, fen: 0 }, cash: { count: 2, fen: 4_000 }, bank_transfer: { count: 1, fen: 50_000 } } });
    expect(totals.refund).toEqual({ count: 1, fen: 300, byMethod: { wechat: { count: 0, fen: 0 }, cash: { count: 1, fen: 300 } } });
    expect(totals.adjustment).toEqual({ count: 1, fen: -50 });
    expect(totals.consumption).toEqual({ electricity: { quantity: 1_000, fen: 100, charges: 1 }, water: { quantity: 2_000, fen: 700, charges: 1 } });
    expect(totals.netIncomeFen).toBe(53_700);
    // Every fen the statistics count is in the ledger, and the other way round.
    const { sum } = await ledgerSum(deps, [e, w]);
    expect(totals.recharge.fen - totals.refund.fen + totals.adjustment.fen + totals.reversal.fen - totals.consumption.electricity.fen - totals.consumption.water.fen).toBe(sum);
    expect(answer.body.series.map((period: { period: string }) => period.period)).toHaveLength(3);
    expect(answer.body.series.reduce((total: number, period: { recharge: { fen: number } }) => total + period.recharge.fen, 0)).toBe(54_000);
    expect(answer.body.buildings).toEqual([expect.objectContaining({ buildingId, name: '统计楼', netIncomeFen: 53_700 })]);
    // By month and by year: the same totals.
    for (const grain of ['month', 'year']) {
      const other = await call(api, `/v1/admin/statistics?from=${from}&to=${to}&grain=${grain}&buildingId=${buildingId}`, { token: admin });
      expect(other.body.totals).toEqual(totals);
    }
  });

  it('lists the money entries with who recorded them, a page at a time, and keeps other buildings out', async () => {
    const { buildingId, e, w, manager, from, to } = await building();
    const seen: { kind: string; amountFen: number; operator: string | null; room: string | null; meterId: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: typeof seen; next: string | null } } = await call(api, `/v1/admin/statistics/income?from=${from}&to=${to}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: manager.token });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items);
      cursor = page.body.next;
    } while (cursor);
    expect(seen.map((item) => [item.meterId, item.kind, item.amountFen]).sort()).toEqual(
      [[e, 'recharge', 1_000], [e, 'recharge', 50_000], [w, 'recharge', 3_000], [w, 'adjustment', -50], [e, 'refund', -300]].sort(),
    );
    expect(seen.every((item) => typeof item.operator === 'string' && item.operator.length > 0)).toBe(true);
    expect(seen.find((item) => item.kind === 'refund')?.operator).toBe(`user:${manager.openid}`);
    expect(seen.find((item) => item.meterId === e)?.room).toBe('501');
    const recharges = await call(api, `/v1/admin/statistics/income?from=${from}&to=${to}&kind=refund`, { token: manager.token });
    expect(recharges.body.items.map((item: { kind: string }) => item.kind)).toEqual(['refund']);
    // A manager of another building: 404 for this one, nothing of it in their own lists.
    const other = await managerOf([await otherBuilding()]);
    expect((await call(api, `/v1/admin/statistics?from=${from}&to=${to}&buildingId=${buildingId}`, { token: other.token })).status).toBe(404);
    expect((await call(api, `/v1/admin/statistics/income?from=${from}&to=${to}`, { token: other.token })).body.items).toEqual([]);
    expect((await call(api, `/v1/admin/statistics?from=${from}&to=${to}`, { token: other.token })).body.totals.recharge.fen).toBe(0);
    // Bad spans and cursors are 400s.
    expect((await call(api, `/v1/admin/statistics?from=${to}&to=${from}`, { token: admin })).status).toBe(400);
    expect((await call(api, '/v1/admin/statistics?from=2025-01-01&to=2026-12-31&grain=day', { token: admin })).status).toBe(400);
    expect((await call(api, `/v1/admin/statistics/income?from=${from}&to=${to}&cursor=eyJiIjo5OX0`, { token: admin })).status).toBe(400);
    // A cursor of this list but past the span asked for (a later `to`, or forged): a 400, not a query DynamoDB refuses.
    const beyond = Buffer.from(JSON.stringify({ b: 0, m: 0, k: '9999-01-01T00:00:00.000Z#x#1' })).toString('base64url');
    expect((await call(api, `/v1/admin/statistics/income?from=${from}&to=${to}&buildingId=${buildingId}&cursor=${beyond}`, { token: admin })).status).toBe(400);
  });

  it('writes the ledger as XLSX and CSV to object storage: a real reader finds every entry, and the totals equal the ledger', async () => {
    const { deps, buildingId, e, w, manager, from, to } = await building();
    const { entries, sum } = await ledgerSum(deps, [e, w]);
    const files: Record<string, { rows: string[][]; body: { rows: number; totalFen: number } }> = {};
    for (const format of ['xlsx', 'csv'] as const) {
      const started = await call(api, '/v1/admin/exports', { token: manager.token, body: { kind: 'ledger', from, to, buildingId, format } });
      expect(started.status).toBe(202);
      const done = await finished(manager.token, started.body.id);
      expect(done).toMatchObject({ status: 'done', kind: 'ledger', format, rows: entries.length, totalFen: sum });
      const download = await fetch(done.url);
      expect(download.status).toBe(200);
      const bytes = Buffer.from(await download.arrayBuffer());
      const book = XLSX.read(format === 'csv' ? bytes.toString('utf8') : bytes, { type: format === 'csv' ? 'string' : 'buffer', raw: true });
      const rows = XLSX.utils.sheet_to_json<string[]>(book.Sheets[book.SheetNames[0]!]!, { header: 1, raw: false, defval: '' });
      files[format] = { rows, body: done };
    }
    const xlsx = files.xlsx!.rows;
    expect(xlsx[0]).toContain('金额（元）');
    const amount = xlsx[0]!.indexOf('金额（元）');
    const body = xlsx.slice(1, -1);
    expect(body).toHaveLength(entries.length);
    // Yuan with two decimals, from integer fen: each row's amount is its entry's, and the totals row is the ledger's sum.
    const fenOf = (text: string) => {
      const [yuan, fen] = text.replace('-', '').split('.');
      return (text.startsWith('-') ? -1 : 1) * (Number(yuan) * 100 + Number(fen));
    };
    expect(body.map((row) => fenOf(row[amount]!)).sort((a, b) => a - b)).toEqual(entries.map((entry) => entry.amountFen).sort((a, b) => a - b));
    expect(xlsx.at(-1)![0]).toBe('合计');
    expect(fenOf(xlsx.at(-1)![amount]!)).toBe(sum);
    // The CSV of the same span says the same, cell for cell.
    const csv = files.csv!.rows.map((row) => row.map((cell) => cell.replace(/^\uFEFF/, '')));
    expect(csv).toEqual(xlsx);
  });

  it('exports recharges, consumption and alarms, and an export outside the caller’s buildings does not exist for them', async () => {
    const { buildingId, manager, from, to } = await building();
    for (const [kind, rows, totalFen] of [['recharges', 3, 54_000], ['consumption', 2, 800]] as const) {
      const started = await call(api, '/v1/admin/exports', { token: manager.token, body: { kind, from, to, format: 'csv' } });
      expect(started.status).toBe(202);
      expect(await finished(manager.token, started.body.id)).toMatchObject({ status: 'done', rows, totalFen });
    }
    const alarms = await call(api, '/v1/admin/exports', { token: manager.token, body: { kind: 'alarms', from, to, buildingId, format: 'xlsx' } });
    const alarmFile = await finished(manager.token, alarms.body.id);
    expect(alarmFile.status).toBe('done');
    expect(alarmFile.rows).toBeGreaterThanOrEqual(1); // the fault raised on W (and whatever billing raised)
    const listed = await call(api, '/v1/admin/exports?limit=10', { token: manager.token });
    expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(alarms.body.id);
    const other = await managerOf([await otherBuilding()]);
    expect((await call(api, `/v1/admin/exports/${alarms.body.id}`, { token: other.token })).status).toBe(404);
    expect((await call(api, '/v1/admin/exports', { token: other.token, body: { kind: 'ledger', from, to, buildingId, format: 'csv' } })).status).toBe(404);
    expect((await call(api, '/v1/admin/exports', { token: manager.token, body: { kind: 'ledger', from, to, format: 'pdf' } })).status).toBe(400);
    expect((await call(api, `/v1/admin/exports/${alarms.body.id}`, { token: admin })).body.status).toBe('done');
    // A job whose run died unseen (past Lambda's 15 minutes, never finished) reads as failed, so nobody waits on it.
    const deps = integrationDeps();
    const stuck = unique('stuck');
    const longAgo = new Date(Date.now() - 3_600_000).toISOString();
    await deps.store.exports.create(
      { id: stuck, status: 'running', kind: 'ledger', format: 'csv', from, to, buildingId, buildings: [buildingId], requestedBy: `user:${manager.openid}`, createdAt: longAgo, startedAt: longAgo, finishedAt: null, objectKey: null, fileName: 'x.csv' },
      Math.floor(Date.now() / 1000) + 3_600,
    );
    expect((await call(api, `/v1/admin/exports/${stuck}`, { token: manager.token })).body).toMatchObject({ status: 'failed', error: expect.stringContaining('start the export again') });
  });
});
