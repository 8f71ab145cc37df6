import { describe, expect, inject, it } from 'vitest';
import { processReading } from '../../functions/src/services/billing';
import { beijingDate } from '../../functions/src/platform/beijing-time';
import { integrationDeps, unique } from '../support/deps';
import { managerOf } from '../support/estate';
import { call } from '../support/http';
import { decodeQrPng } from '../support/qr';

const api = inject('apiUrl');
const admin = inject('adminKey');

/** A building of three meters: A low on money, B in arrears, C on keep-on with a fault; ¥10 and ¥500 paid today, 1 kWh used on A. */
async function building() {
  const deps = integrationDeps({ now: new Date() });
  const startedOn = beijingDate(new Date());
  const buildingId = unique('EB');
  await deps.store.estate.putBuilding({ id: buildingId, name: '幸福里 B 栋', address: '—' });
  const tariff = await call(api, '/v1/admin/tariffs', { token: admin, body: { name: 'estate', utility: 'electricity', kind: 'flat', price: '1.00' } });
  const meter = async (room: string, extra: Record<string, unknown> = {}) => {
    const id = unique(`E${room}`);
    const body = { id, utility: 'electricity', protocol: 'dlt645', address: '000000000010', platform: 'simulator', deviceId: `e-${id}`, tariffId: tariff.body.id, buildingId, room, lowBalanceFen: 2_000, ...extra };
    expect((await call(api, '/v1/admin/meters', { token: admin, body })).status).toBe(201);
    return id;
  };
  const [a, b, c] = [await meter('301'), await meter('302'), await meter('303', { keepOn: true })];
  expect((await call(api, `/v1/admin/meters/${a}/payments`, { token: admin, body: { amountFen: 1_000, method: 'cash' } })).status).toBe(201);
  expect((await call(api, `/v1/admin/meters/${b}/adjustments`, { token: admin, body: { amountFen: -50, reason: '欠费' } })).status).toBe(201);
  expect((await call(api, `/v1/admin/meters/${c}/payments`, { token: admin, body: { amountFen: 50_000, method: 'bank_transfer', reference: unique('bank') } })).status).toBe(201);
  await deps.store.alarms.raise({ meterId: c, kind: 'meter_fault', severity: 'critical', message: 'fault', details: {}, raisedAt: new Date().toISOString() });
  const now = Date.now();
  deps.clock.set(new Date(now));
  await processReading(deps, a, { value: 1_000_000, unit: 'Wh', at: new Date(now - 2_000), source: 'test' });
  await processReading(deps, a, { value: 1_001_000, unit: 'Wh', at: new Date(now - 1_000), source: 'test' });
  return { buildingId, a, b, c, startedOn, usedOn: beijingDate(new Date(now - 1_000)) };
}

describe('the estate seen by its managers', () => {
  it('counts a building’s meters by state and sums today’s money and use from the day aggregates', async () => {
    const { buildingId, startedOn, usedOn } = await building();
    const manager = await managerOf([buildingId]);
    const answer = await call(api, '/v1/admin/overview', { token: manager.token });
    expect(answer.status).toBe(200);
    expect(answer.body.buildings).toHaveLength(1);
    // Everything happened today (Beijing), unless this ran across midnight: then only the counts by state are compared.
    const sameDay = answer.body.day === startedOn && answer.body.day === usedOn;
    expect(sameDay ? answer.body.buildings[0] : { ...answer.body.buildings[0], today: 'not compared' }).toEqual({
      id: buildingId,
      name: '幸福里 B 栋',
      meters: 3,
      lowBalance: 1, // A: ¥10 less ¥1 of use, under its ¥20 line
      arrears: 1, // B: -¥0.50
      cut: 0,
      keepOn: 1,
      offline: 2, // B and C have never reported; A has
      withAlarms: 3,
      openAlarms: 5, // A low balance; B exhausted and silent; C faulty and silent
      today: sameDay ? { rechargeCount: 2, rechargeFen: 51_000, refundCount: 0, refundFen: 0, electricityWh: 1_000, waterL: 0, consumptionFen: 100 } : 'not compared',
    });
    // An admin names the building; a manager of another building is told it does not exist.
    expect((await call(api, `/v1/admin/overview?buildingId=${buildingId}`, { token: admin })).body.buildings[0].meters).toBe(3);
    const other = await managerOf([(await building()).buildingId]);
    expect((await call(api, `/v1/admin/overview?buildingId=${buildingId}`, { token: other.token })).status).toBe(404);
  });

  it('lists meters by state and by room or id, a page at a time, and shows a meter’s alarms and tenants', async () => {
    const { buildingId, a, b, c } = await building();
    const manager = await managerOf([buildingId]);
    const list = (query: string) => call(api, `/v1/admin/meters?${query}`, { token: manager.token });
    expect((await list('filter=arrears')).body.items.map((meter: { id: string }) => meter.id)).toEqual([b]);
    expect((await list('filter=low_balance')).body.items.map((meter: { id: string }) => meter.id)).toEqual([a]);
    expect((await list('filter=alarm')).body.items.map((meter: { id: string }) => meter.id)).toEqual([a, b, c].sort());
    expect((await list('filter=keep_on')).body.items).toEqual([expect.objectContaining({ id: c, openAlarms: expect.arrayContaining(['meter_fault', 'communication_lost']), keepOn: true })]);
    expect((await list('filter=offline')).body.items.map((meter: { id: string }) => meter.id)).toEqual([b, c].sort());
    expect((await list('q=303')).body.items.map((meter: { id: string }) => meter.id)).toEqual([c]);
    expect((await list(`q=${b.toLowerCase()}`)).body.items.map((meter: { id: string }) => meter.id)).toEqual([b]);
    const seen: string[] = [];
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page: { status: number; body: { items: { id: string }[]; next: string | null } } = await list(`limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.items.map((meter) => meter.id));
      cursor = page.body.next;
    }
    expect(seen).toEqual([a, b, c].sort());
    expect((await list('filter=nonsense')).status).toBe(400);
    expect((await list('cursor=../x')).status).toBe(400);

    // The meter's alarms, open then closed by an acknowledgement; and its tenants.
    const open = await call(api, `/v1/admin/meters/${c}/alarms`, { token: manager.token });
    expect(open.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'meter_fault', status: 'open', count: 1 })]));
    expect((await call(api, `/v1/admin/meters/${c}/alarms/meter_fault/ack`, { token: manager.token, body: { note: '已派人检修' } })).status).toBe(200);
    expect((await call(api, `/v1/admin/meters/${c}/alarms`, { token: manager.token })).body.items.map((alarm: { kind: string }) => alarm.kind)).toEqual(['communication_lost']);
    expect((await call(api, `/v1/admin/meters/${c}/alarms?status=closed`, { token: manager.token })).body.items).toEqual([
      expect.objectContaining({ kind: 'meter_fault', status: 'acknowledged', note: '已派人检修', closedBy: `user:${manager.openid}` }),
    ]);
    expect((await call(api, `/v1/admin/meters/${c}/tenants`, { token: manager.token })).body).toEqual({ items: [], next: null });
  });

  it('prints a building’s QR codes as a sheet, a page at a time, each carrying its meter’s current scene', async () => {
    const { buildingId, a, b, c } = await building();
    const manager = await managerOf([buildingId]);
    const first = await call(api, `/v1/admin/buildings/${buildingId}/qrcodes?limit=2`, { token: manager.token });
    expect(first.status).toBe(200);
    expect(first.body.items.map((item: { meterId: string }) => item.meterId)).toEqual([a, b, c].sort().slice(0, 2));
    const second = await call(api, `/v1/admin/buildings/${buildingId}/qrcodes?limit=2&cursor=${first.body.next}`, { token: manager.token });
    expect(second.body).toMatchObject({ items: [{ meterId: [a, b, c].sort()[2] }], next: null });
    for (const item of [...first.body.items, ...second.body.items] as { meterId: string; scene: string; png: string; room: string }[]) {
      expect((await call(api, `/v1/admin/meters/${item.meterId}/binding-code`, { token: admin })).body.scene).toBe(item.scene);
      expect(decodeQrPng(Buffer.from(item.png, 'base64'))).toContain(encodeURIComponent(item.scene));
    }
    const other = await managerOf([(await building()).buildingId]);
    expect((await call(api, `/v1/admin/buildings/${buildingId}/qrcodes`, { token: other.token })).status).toBe(404);
  });
});
