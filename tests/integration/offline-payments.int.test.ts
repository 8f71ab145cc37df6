import { beforeAll, describe, expect, inject, it } from 'vitest';
import { unique } from '../support/deps';
import { call } from '../support/http';

const api = inject('apiUrl');
const admin = inject('adminKey');

const pay = (meterId: string, body: unknown, idempotencyKey?: string) =>
  call(api, `/v1/admin/meters/${meterId}/payments`, { body, token: admin, ...(idempotencyKey !== undefined ? { headers: { 'idempotency-key': idempotencyKey } } : {}) });
const balance = async (meterId: string) => (await call(api, `/v1/meters/${meterId}`, { token: admin })).body.balanceFen as number;
const recharges = async (meterId: string) =>
  (await call(api, `/v1/meters/${meterId}/ledger?limit=100`, { token: admin })).body.items.filter((entry: { kind: string }) => entry.kind === 'recharge');

describe('cash and bank payments (CONTRACT: offline-payment idempotency)', () => {
  let tariffId: string;
  const newMeter = async () => {
    const id = unique('P');
    const created = await call(api, '/v1/admin/meters', {
      token: admin,
      body: { id, utility: 'electricity', protocol: 'dlt645', address: '123456789012', platform: 'simulator', deviceId: `dev-${id}`, tariffId, room: 'C-101' },
    });
    expect(created.status).toBe(201);
    return id;
  };

  beforeAll(async () => {
    tariffId = (await call(api, '/v1/admin/tariffs', { token: admin, body: { name: 'flat', utility: 'electricity', kind: 'flat', price: '0.60' } })).body.id;
  });

  it('records two cash payments with the same note as two payments: a cash reference is a note, never a key', async () => {
    const meterId = await newMeter();
    const first = await pay(meterId, { amountFen: 1000, method: 'cash', reference: 'front desk' });
    const second = await pay(meterId, { amountFen: 1000, method: 'cash', reference: 'front desk' });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.duplicate).toBe(false);
    expect(await balance(meterId)).toBe(2000);
    expect(await recharges(meterId)).toHaveLength(2);
  });

  it('answers a retry with the same Idempotency-Key with the first result, once', async () => {
    const meterId = await newMeter();
    const key = `desk-${meterId}`;
    const first = await pay(meterId, { amountFen: 700, method: 'cash' }, key);
    const retry = await pay(meterId, { amountFen: 700, method: 'cash' }, key);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ ...first.body, duplicate: true });
    expect(await balance(meterId)).toBe(700);
  });

  it('refuses the same key with another amount or on another meter with 409 idempotency.mismatch, writing nothing', async () => {
    const meterId = await newMeter();
    const other = await newMeter();
    const key = `desk-${meterId}`;
    expect((await pay(meterId, { amountFen: 700, method: 'cash' }, key)).status).toBe(201);
    const otherAmount = await pay(meterId, { amountFen: 900, method: 'cash' }, key);
    expect(otherAmount.status).toBe(409);
    expect(otherAmount.body.error.code).toBe('idempotency.mismatch');
    const otherMeter = await pay(other, { amountFen: 700, method: 'cash' }, key);
    expect(otherMeter.status).toBe(409);
    expect(otherMeter.body.error.code).toBe('idempotency.mismatch');
    expect(await balance(meterId)).toBe(700);
    expect(await balance(other)).toBe(0);
  });

  it('takes a bank serial as the key of a bank transfer, and refuses it with another amount or meter', async () => {
    const meterId = await newMeter();
    const other = await newMeter();
    const serial = `BANK${Date.now()}${meterId.slice(-4)}`;
    expect((await pay(meterId, { amountFen: 5000, method: 'bank_transfer', reference: serial })).status).toBe(201);
    expect((await pay(meterId, { amountFen: 5000, method: 'bank_transfer', reference: serial })).status).toBe(200);
    const changed = await pay(meterId, { amountFen: 5001, method: 'bank_transfer', reference: serial });
    expect([changed.status, changed.body.error?.code]).toEqual([409, 'idempotency.mismatch']);
    const elsewhere = await pay(other, { amountFen: 5000, method: 'bank_transfer', reference: serial });
    expect([elsewhere.status, elsewhere.body.error?.code]).toEqual([409, 'idempotency.mismatch']);
    expect(await balance(meterId)).toBe(5000);
    expect(await balance(other)).toBe(0);
  });

  it('bounds the Idempotency-Key: 1–128 printable characters, longer is a 400 that writes nothing', async () => {
    const meterId = await newMeter();
    for (const key of ['k'.repeat(3000), 'k'.repeat(129), '']) {
      const answer = await pay(meterId, { amountFen: 100, method: 'cash' }, key);
      expect(answer.status, `a key of ${key.length} characters`).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'request.invalid', field: 'headers.idempotency-key' });
    }
    expect(await balance(meterId)).toBe(0);
    expect((await pay(meterId, { amountFen: 100, method: 'cash' }, 'k'.repeat(128))).status).toBe(201);
    expect(await balance(meterId)).toBe(100);
  });
});
