import { beforeAll, describe, expect, inject, it } from 'vitest';
import { unique } from '../support/deps';
import { call } from '../support/http';

const api = inject('apiUrl');
const admin = inject('adminKey');
const post = (path: string, body: unknown, token = admin) => call(api, path, { body, token });
const get = (path: string, token = admin) => call(api, path, { token });

const flat = (price: unknown) => ({ name: 'flat', utility: 'electricity', kind: 'flat', price });

describe('provisioning, payments and readings over HTTP', () => {
  const meterId = unique('E');
  let tariffId: string;

  beforeAll(async () => {
    const tariff = await post('/v1/admin/tariffs', flat('0.60'));
    expect(tariff.status).toBe(201);
    tariffId = tariff.body.id;
    const meter = await post('/v1/admin/meters', {
      id: meterId, utility: 'electricity', protocol: 'dlt645', address: '123456789012', platform: 'ctwing',
      deviceId: `ct-${meterId}`, imei: String(Date.now() * 100).slice(-15).padStart(15, '9'), tariffId, room: 'B-301',
    });
    expect(meter.status).toBe(201);
  });

  it('records a bank payment once per reference and answers a retry with the first result', async () => {
    const body = { amountFen: 5000, method: 'bank_transfer', reference: `tx-${meterId}` };
    const first = await post(`/v1/admin/meters/${meterId}/payments`, body);
    const retry = await post(`/v1/admin/meters/${meterId}/payments`, body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ balanceFen: 5000, duplicate: false });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ ...first.body, duplicate: true });
  });

  it('bills readings entered by hand and shows them, newest first, with the itemised ledger', async () => {
    expect((await post(`/v1/admin/meters/${meterId}/readings`, { value: 1_234_560, unit: 'Wh', at: '2026-11-20T08:00:00+08:00' })).body.status).toBe('baseline');
    const billed = await post(`/v1/admin/meters/${meterId}/readings`, { value: 1_244_560, unit: 'Wh', at: '2026-11-21T08:00:00+08:00' });
    expect(billed.status).toBe(201);
    expect(billed.body).toMatchObject({ status: 'billed', quantity: 10_000, chargeFen: 600, balanceFen: 4400 });
    const readings = await get(`/v1/meters/${meterId}/readings`);
    expect(readings.body.items.map((r: { value: number }) => r.value)).toEqual([1_244_560, 1_234_560]);
    const ledger = await get(`/v1/meters/${meterId}/ledger`);
    expect(ledger.body.items[0]).toMatchObject({ kind: 'charge', amountFen: -600, balanceAfterFen: 4400, items: [{ label: 'flat', quantity: 10_000, price: '0.60' }] });
    expect(ledger.body.items[1]).toMatchObject({ kind: 'recharge', amountFen: 5000, method: 'bank_transfer', operator: 'key:bootstrap' });
    const meter = await get(`/v1/meters/${meterId}`);
    expect(meter.body).toMatchObject({ balanceFen: 4400, lastReading: { value: 1_244_560, unit: 'Wh', at: '2026-11-21T00:00:00.000Z' } });
  });

  it('pages the ledger with a cursor and rejects a cursor forged for another meter', async () => {
    for (let i = 0; i < 3; i++) await post(`/v1/admin/meters/${meterId}/payments`, { amountFen: 1, method: 'cash' });
    const first = await get(`/v1/meters/${meterId}/ledger?limit=2`);
    expect(first.body.items).toHaveLength(2);
    const second = await get(`/v1/meters/${meterId}/ledger?limit=2&cursor=${first.body.next}`);
    expect(second.body.items[0].balanceAfterFen).toBe(first.body.items[1].balanceAfterFen - first.body.items[1].amountFen);
    const forged = Buffer.from(JSON.stringify({ PK: 'METER#someone-else', SK: 'LEDGER#000000000009' })).toString('base64url');
    const rejected = await get(`/v1/meters/${meterId}/ledger?cursor=${forged}`);
    expect(rejected.status).toBe(400);
    expect(rejected.body.error.code).toBe('request.invalid_cursor');
  });

  describe('bad input gets a 4xx with a code and changes nothing', () => {
    async function expectUnchanged(action: () => Promise<{ status: number; body: { error: { code: string } } }>, status: number, code: string) {
      const before = (await get(`/v1/meters/${meterId}/ledger?limit=100`)).body.items;
      const answer = await action();
      expect(answer.status).toBe(status);
      expect(answer.body.error.code).toBe(code);
      expect((await get(`/v1/meters/${meterId}/ledger?limit=100`)).body.items).toEqual(before);
    }

    it.each([['0.12345'], ['-0.5'], ['1e-3'], ['abc'], [''], [0.6], ['0.6 ']])('refuses the price %j', async (price) => {
      const answer = await post('/v1/admin/tariffs', flat(price));
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('tariff.invalid');
    });

    it('refuses an unknown tariff kind, naming the field', async () => {
      const answer = await post('/v1/admin/tariffs', { name: 'x', utility: 'electricity', kind: 'progressive', price: '1' });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'tariff.invalid', field: 'body.kind' });
    });

    it('refuses negative, zero, fractional and oversized payments', async () => {
      for (const amountFen of [-100, 0, 1.5]) {
        await expectUnchanged(() => post(`/v1/admin/meters/${meterId}/payments`, { amountFen, method: 'cash' }), 400, 'request.invalid');
      }
      await expectUnchanged(() => post(`/v1/admin/meters/${meterId}/payments`, { amountFen: 10_000_001, method: 'cash' }), 400, 'money.invalid_amount');
      await expectUnchanged(() => post(`/v1/admin/meters/${meterId}/payments`, { amountFen: 100, method: 'bitcoin' }), 400, 'request.invalid');
    });

    it('answers 404 for an unknown meter or tariff', async () => {
      const nobody = unique('nobody');
      expect((await post(`/v1/admin/meters/${nobody}/payments`, { amountFen: 100, method: 'cash' })).status).toBe(404);
      expect((await post(`/v1/admin/meters/${nobody}/readings`, { value: 1, unit: 'Wh', at: '2026-11-21T08:00:00+08:00' })).status).toBe(404);
      expect((await get(`/v1/meters/${nobody}/ledger`)).status).toBe(404);
      const meter = await post('/v1/admin/meters', { id: nobody, utility: 'electricity', protocol: 'dlt645', address: '1', platform: 'ctwing', deviceId: nobody, tariffId: 'no-such-tariff' });
      expect(meter.status).toBe(404);
      expect(meter.body.error.code).toBe('tariff.not_found');
    });

    it('refuses a reading in the wrong unit and a duplicate meter', async () => {
      await expectUnchanged(() => post(`/v1/admin/meters/${meterId}/readings`, { value: 2_000_000, unit: 'L', at: '2026-11-22T08:00:00+08:00' }), 400, 'reading.unit_mismatch');
      const again = await post('/v1/admin/meters', { id: meterId, utility: 'electricity', protocol: 'dlt645', address: '1', platform: 'simulator', deviceId: unique('d'), tariffId });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('meter.exists');
    });

    it('keeps provisioning and payments to their roles', async () => {
      const tenant = (await post('/v1/auth/login', { code: `local:${unique('t')}` }, '')).body.token;
      expect((await post('/v1/admin/tariffs', flat('0.60'), tenant)).status).toBe(403);
      expect((await post(`/v1/admin/meters/${meterId}/payments`, { amountFen: 100, method: 'cash' }, tenant)).status).toBe(403);
      expect((await get(`/v1/meters/${meterId}/ledger`, tenant)).status).toBe(404);
    });
  });

  it('prices consumption before a new version at the old price and after it at the new one', async () => {
    const tariff = await post('/v1/admin/tariffs', flat('1.00'));
    const id = unique('E');
    await post('/v1/admin/meters', { id, utility: 'electricity', protocol: 'dlt645', address: '1', platform: 'simulator', deviceId: `d-${id}`, tariffId: tariff.body.id });
    const version = await post(`/v1/admin/tariffs/${tariff.body.id}/versions`, { ...flat('2.00'), effectiveFrom: '2026-11-21T12:00:00+08:00' });
    expect(version.status).toBe(201);
    await post(`/v1/admin/meters/${id}/readings`, { value: 0, unit: 'Wh', at: '2026-11-21T10:00:00+08:00' });
    // 4 kWh over 10:00–14:00: 2 h at 1.00, 2 h at 2.00 → 600 fen.
    const billed = await post(`/v1/admin/meters/${id}/readings`, { value: 4_000, unit: 'Wh', at: '2026-11-21T14:00:00+08:00' });
    expect(billed.body.chargeFen).toBe(600);
    const tariffView = await get(`/v1/admin/tariffs/${tariff.body.id}`);
    expect(tariffView.body.versions.map((v: { price: string }) => v.price)).toEqual(['1.00', '2.00']);
  });

  it('bills across a meter replacement: the old final reading, then from the new baseline', async () => {
    const tariff = await post('/v1/admin/tariffs', flat('1.00'));
    const id = unique('E');
    await post('/v1/admin/meters', { id, utility: 'electricity', protocol: 'dlt645', address: '111111111111', platform: 'simulator', deviceId: `d-${id}`, tariffId: tariff.body.id });
    await post(`/v1/admin/meters/${id}/readings`, { value: 100_000, unit: 'Wh', at: '2026-11-20T08:00:00+08:00' });
    const badOrder = await post(`/v1/admin/meters/${id}/replacement`, {
      unit: 'Wh', oldFinal: { value: 105_000, at: '2026-11-21T08:00:00+08:00' }, newBaseline: { value: 20, at: '2026-11-21T08:00:00+08:00' },
    });
    expect(badOrder.status).toBe(400);
    const replaced = await post(`/v1/admin/meters/${id}/replacement`, {
      unit: 'Wh', oldFinal: { value: 105_000, at: '2026-11-21T08:00:00+08:00' }, newBaseline: { value: 20, at: '2026-11-21T08:30:00+08:00' }, newAddress: '222222222222',
    });
    expect(replaced.status).toBe(201);
    expect(replaced.body).toMatchObject({ final: { status: 'billed', chargeFen: 500 }, baseline: { status: 'baseline', value: 20 }, balanceFen: -500 });
    const after = await post(`/v1/admin/meters/${id}/readings`, { value: 1_020, unit: 'Wh', at: '2026-11-21T10:00:00+08:00' });
    expect(after.body).toMatchObject({ status: 'billed', quantity: 1_000, chargeFen: 100, balanceFen: -600 });
  });

  it('bills a time-of-use meter from its cumulative period registers across midnight', async () => {
    const tariff = await post('/v1/admin/tariffs', {
      name: '峰谷', utility: 'electricity', kind: 'tou', periods: { peak: '0.95', valley: '0.30' },
      schedule: [{ from: '08:00', to: '22:00', period: 'peak' }, { from: '22:00', to: '08:00', period: 'valley' }],
    });
    expect(tariff.status).toBe(201);
    const id = unique('E');
    await post('/v1/admin/meters', { id, utility: 'electricity', protocol: 'dlt645', address: '1', platform: 'simulator', deviceId: `d-${id}`, tariffId: tariff.body.id });
    await post(`/v1/admin/meters/${id}/readings`, { value: 10_000, unit: 'Wh', at: '2026-11-20T20:00:00+08:00', registers: { peak: 6_000, valley: 4_000 } });
    const billed = await post(`/v1/admin/meters/${id}/readings`, {
      value: 24_000, unit: 'Wh', at: '2026-11-21T10:00:00+08:00', registers: { peak: 10_000, valley: 14_000 },
    });
    // 4 kWh peak × 0.95 + 10 kWh valley × 0.30 = 6.80 yuan.
    expect(billed.body).toMatchObject({ status: 'billed', quantity: 14_000, chargeFen: 680 });
  });
});
