import { encodeDlt645Answer } from '@prepaid/shared';
import { describe, expect, inject, it } from 'vitest';
import { unique } from '../support/deps';
import { call } from '../support/http';
import { readingOutcome } from '../support/queue';

const api = inject('apiUrl');
const admin = inject('adminKey');
const post = (path: string, body: unknown) => call(api, path, { body, token: admin });
const get = (path: string) => call(api, path, { token: admin });
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const ctwingPush = (deviceId: string, energyWh: number, timestamp: number) => ({
  messageType: 'dataReport', deviceId, IMEI: '860000000000000', timestamp, protocol: 'lwm2m', upPacketSN: 1,
  payload: { APPdata: Buffer.from(encodeDlt645Answer('123456789012', { kind: 'energy', register: 'total', energyWh })).toString('base64') },
});
/** Pushes a reading; once the stack's queue has processed it, `outcome` is what it became (`reading:<status>`). */
const push = async (meter: { id: string; deviceId: string }, energyWh: number, timestamp: number) => {
  const answer = await post('/v1/webhooks/ctwing?token=local-ctwing-token', ctwingPush(meter.deviceId, energyWh, timestamp));
  return { status: answer.status, outcome: answer.status === 200 ? await readingOutcome(api, admin, meter.id, energyWh) : answer.body?.error?.code };
};

async function meterWith(tariff: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const created = await post('/v1/admin/tariffs', { name: 't', utility: 'electricity', ...tariff });
  expect(created.status).toBe(201);
  const id = unique('B');
  const meter = await post('/v1/admin/meters', { id, utility: 'electricity', protocol: 'dlt645', address: '123456789012', platform: 'ctwing', deviceId: `ct-${id}`, tariffId: created.body.id, ...extra });
  expect(meter.status).toBe(201);
  return { id, deviceId: `ct-${id}` };
}
const flat = { kind: 'flat', price: '1.00' };
const tou = { kind: 'tou', periods: { peak: '0.95', valley: '0.30' }, schedule: [{ from: '08:00', to: '22:00', period: 'peak' }, { from: '22:00', to: '08:00', period: 'valley' }] };
const alarmKinds = async (meterId: string) => (await get('/v1/admin/alarms?limit=100')).body.items.filter((a: { meterId: string }) => a.meterId === meterId).map((a: { kind: string }) => a.kind);

describe('times from outside are bounded (CONTRACT: 2000-01-01 … receipt + 1 day)', () => {
  it('records a CTWing push with an impossible timestamp, answers 200 and bills nothing', async () => {
    const meter = await meterWith(flat);
    const answer = await push(meter, 1_000_000, 9_000_000_000_000_000);
    expect(answer.status).toBe(200);
    expect(answer.outcome).toBe('reading:anomaly');
    const readings = (await get(`/v1/meters/${meter.id}/readings`)).body.items;
    expect(readings).toHaveLength(1);
    expect(readings[0]).toMatchObject({ value: 1_000_000, status: 'anomaly', reason: 'time_out_of_range' });
    expect((await get(`/v1/meters/${meter.id}`)).body).toMatchObject({ balanceFen: 0, lastReading: null });
  });

  it('quarantines a reading dated 40 days ahead with an alarm: it never becomes the last reading, and billing goes on', async () => {
    const meter = await meterWith(flat);
    const now = Date.now();
    expect((await push(meter, 1_000_000, now - 2 * HOUR_MS)).outcome).toBe('reading:baseline');
    expect((await push(meter, 1_500_000, now + 40 * DAY_MS)).outcome).toBe('reading:anomaly');
    expect((await push(meter, 1_001_000, now - HOUR_MS)).outcome).toBe('reading:billed');
    expect((await get(`/v1/meters/${meter.id}`)).body).toMatchObject({ balanceFen: -100, lastReading: { value: 1_001_000 } });
    expect(await alarmKinds(meter.id)).toContain('rejected_frame');
  });

  it('refuses a manual reading dated 2199 or 1999 with 400, writing nothing', async () => {
    const meter = await meterWith(flat);
    expect((await post(`/v1/admin/meters/${meter.id}/readings`, { value: 1_000, unit: 'Wh', at: '2026-11-01T00:00:00+08:00' })).status).toBe(201);
    for (const at of ['2199-01-01T00:00:00+08:00', '1999-12-31T00:00:00+08:00', new Date(Date.now() + 2 * DAY_MS).toISOString()]) {
      const answer = await post(`/v1/admin/meters/${meter.id}/readings`, { value: 999_000, unit: 'Wh', at });
      expect(answer.status, at).toBe(400);
      expect(answer.body.error.code).toBe('reading.time_out_of_range');
    }
    expect((await get(`/v1/meters/${meter.id}/readings`)).body.items).toHaveLength(1);
    expect((await get(`/v1/meters/${meter.id}`)).body.balanceFen).toBe(0);
  });

  it('answers a meter whose tenancy starts next week with 400 to a manual reading and quarantine to a push, never 500', async () => {
    const meter = await meterWith({ kind: 'tiered', cycle: 'month', tiers: [{ upTo: 100, price: '0.50' }, { upTo: null, price: '0.80' }] }, { tenancyStart: new Date(Date.now() + 7 * DAY_MS).toISOString() });
    const now = Date.now();
    expect((await push(meter, 1_000_000, now - 2 * HOUR_MS)).outcome).toBe('reading:baseline');
    const pushed = await push(meter, 1_001_000, now - HOUR_MS);
    expect([pushed.status, pushed.outcome]).toEqual([200, 'reading:anomaly']);
    const manual = await post(`/v1/admin/meters/${meter.id}/readings`, { value: 1_002_000, unit: 'Wh', at: new Date(now).toISOString() });
    expect([manual.status, manual.body.error?.code]).toEqual([400, 'reading.before_tenancy']);
    expect(await alarmKinds(meter.id)).toContain('rejected_frame');
    expect((await get(`/v1/meters/${meter.id}`)).body.balanceFen).toBe(0);
  });

  it('answers a time-of-use meter silent for more than 400 days with 400 to a manual reading and quarantine to a push', async () => {
    const meter = await meterWith(tou);
    const now = Date.now();
    expect((await post(`/v1/admin/meters/${meter.id}/readings`, { value: 1_000_000, unit: 'Wh', at: new Date(now - 420 * DAY_MS).toISOString() })).status).toBe(201);
    const pushed = await push(meter, 1_001_000, now - HOUR_MS);
    expect([pushed.status, pushed.outcome]).toEqual([200, 'reading:anomaly']);
    const manual = await post(`/v1/admin/meters/${meter.id}/readings`, { value: 1_002_000, unit: 'Wh', at: new Date(now).toISOString() });
    expect([manual.status, manual.body.error?.code]).toEqual([400, 'reading.interval_too_long']);
  });
});
