import { describe, expect, inject, it } from 'vitest';
import { waitFor } from '../../scripts/lib/processes';
import { integrationDeps, unique } from '../support/deps';
import { meterRecord } from '../support/fixtures';
import { call } from '../support/http';

const api = inject('apiUrl');
const admin = inject('adminKey');
const wx = inject('wechatPay');
const deps = integrationDeps();

async function tenantWithMeter(room = 'A-101') {
  const tariff = await call(api, '/v1/admin/tariffs', { body: { name: 'flat', utility: 'electricity', kind: 'flat', price: '1.00' }, token: admin });
  const meterId = unique('E');
  await deps.store.meters.create(meterRecord(meterId, { room, tariffId: tariff.body.id, tariffAssignments: [{ tariffId: tariff.body.id, effectiveFrom: '1999-12-31T16:00:00.000Z' }] }));
  const token = (await call(api, '/v1/auth/login', { body: { code: `local:${unique('o')}` } })).body.token as string;
  await call(api, '/v1/bindings', { body: { scene: `m=${meterId}` }, token });
  return { token, meterId };
}

/** Recharges through the sandbox and waits for the credit. */
async function recharge(token: string, meterId: string, amountFen: number): Promise<string> {
  const order = await call(api, '/v1/recharges', { body: { meterId, amountFen }, token });
  await fetch(`${wx.sandboxUrl}/sandbox/pay/${order.body.outTradeNo}`, { method: 'POST' });
  await waitFor('the credit', async () => (await call(api, `/v1/recharges/${order.body.outTradeNo}`, { token })).body.status === 'paid', 15_000);
  return order.body.outTradeNo as string;
}

const balance = async (meterId: string) => (await deps.store.meters.getView(meterId))?.balanceFen;

describe('refunds', () => {
  it('splits an approved refund over the two newest payments and settles it on the notifications', async () => {
    const { token, meterId } = await tenantWithMeter();
    const older = await recharge(token, meterId, 3000);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // WeChat's success_time has whole seconds
    const newer = await recharge(token, meterId, 2000);
    const asked = await call(api, '/v1/refund-requests', { body: { meterId, amountFen: 4500, reason: '退租' }, token });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'pending' });
    // The pending request holds 4500 of the 5000: a second one for 600 is refused.
    const tooMuch = await call(api, '/v1/refund-requests', { body: { meterId, amountFen: 600, reason: 'x' }, token });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error.code).toBe('refund.exceeds_balance');

    const approved = await call(api, `/v1/admin/refund-requests/${asked.body.id}/approve`, { body: { method: 'wechat' }, token: admin });
    expect(approved.status).toBe(200);
    expect(approved.body.parts.map((part: { outTradeNo: string; fen: number }) => [part.outTradeNo, part.fen])).toEqual([
      [newer, 2000],
      [older, 2500],
    ]);
    expect(await balance(meterId)).toBe(500);
    await waitFor('both refund notifications', async () => (await deps.store.refunds.get(asked.body.id))?.status === 'refunded', 15_000);
    const ledger = (await call(api, `/v1/meters/${meterId}/ledger`, { token })).body.items;
    expect(ledger[0]).toMatchObject({ kind: 'refund', amountFen: -4500, balanceAfterFen: 500, method: 'wechat' });
    expect(ledger.reduce((sum: number, entry: { amountFen: number }) => sum + entry.amountFen, 0)).toBe(500);
  });

  it('changes nothing but the promise when a request is rejected', async () => {
    const { token, meterId } = await tenantWithMeter();
    await recharge(token, meterId, 1000);
    const asked = await call(api, '/v1/refund-requests', { body: { meterId, amountFen: 1000, reason: '误充' }, token });
    const rejected = await call(api, `/v1/admin/refund-requests/${asked.body.id}/reject`, { body: { reason: '已用电' }, token: admin });
    expect(rejected.body).toEqual({ id: asked.body.id, status: 'rejected' });
    expect(await balance(meterId)).toBe(1000);
    expect((await call(api, `/v1/meters/${meterId}/ledger`, { token })).body.items).toHaveLength(1);
    const again = await call(api, `/v1/admin/refund-requests/${asked.body.id}/approve`, { body: { method: 'cash' }, token: admin });
    expect(again.status).toBe(409);
    // The promise is released: the whole balance can be asked for again.
    expect((await call(api, '/v1/refund-requests', { body: { meterId, amountFen: 1000, reason: '再次申请' }, token })).status).toBe(201);
  });

  it('refunds in cash what cannot go back to WeChat', async () => {
    const { token, meterId } = await tenantWithMeter();
    await call(api, `/v1/admin/meters/${meterId}/payments`, { body: { amountFen: 700, method: 'cash' }, token: admin });
    const asked = await call(api, '/v1/refund-requests', { body: { meterId, amountFen: 700, reason: '退租' }, token });
    const viaWechat = await call(api, `/v1/admin/refund-requests/${asked.body.id}/approve`, { body: { method: 'wechat' }, token: admin });
    expect(viaWechat.status).toBe(400);
    expect(viaWechat.body.error.code).toBe('refund.not_refundable');
    const cash = await call(api, `/v1/admin/refund-requests/${asked.body.id}/approve`, { body: { method: 'cash' }, token: admin });
    expect(cash.body).toMatchObject({ status: 'refunded', method: 'cash' });
    expect(await balance(meterId)).toBe(0);
  });

  it('puts the money back with an alarm when WeChat reports the refund abnormal', async () => {
    // The sandbox ends refunds of orders whose description holds its magic word (the room name is in the description).
    const { token, meterId } = await tenantWithMeter('REFUND_ABNORMAL');
    await recharge(token, meterId, 1500);
    const asked = await call(api, '/v1/refund-requests', { body: { meterId, amountFen: 1000, reason: '退租' }, token });
    await call(api, `/v1/admin/refund-requests/${asked.body.id}/approve`, { body: { method: 'wechat' }, token: admin });
    await waitFor('the abnormal refund to be undone', async () => (await deps.store.refunds.get(asked.body.id))?.status === 'failed', 15_000);
    expect(await balance(meterId)).toBe(1500);
    const ledger = (await call(api, `/v1/meters/${meterId}/ledger`, { token })).body.items;
    expect(ledger.slice(0, 2).map((entry: { kind: string; amountFen: number }) => [entry.kind, entry.amountFen])).toEqual([
      ['reversal', 1000],
      ['refund', -1000],
    ]);
    expect((await deps.store.alarms.openFor(meterId)).map((alarm) => alarm.kind)).toContain('refund_failed');
  });
});
