import { describe, expect, inject, it } from 'vitest';
import { paymentItem } from '../../functions/src/store';
import { waitFor } from '../../scripts/lib/processes';
import { integrationDeps, unique } from '../support/deps';
import { meterRecord } from '../support/fixtures';
import { bindTenant, call } from '../support/http';

const api = inject('apiUrl');
const admin = inject('adminKey');
const wx = inject('wechatPay');
const deps = integrationDeps();
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

const orphan = (body: Record<string, unknown>) =>
  fetch(`${wx.sandboxUrl}/sandbox/orphan`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<{ outTradeNo: string }>);

describe('daily reconciliation against the WeChat Pay trade bill', () => {
  it('finds a payment the ledger missed, an unknown payment, and a credit the bill lacks; a clean payment matches', async () => {
    const meterId = unique('E');
    const tariff = await call(api, '/v1/admin/tariffs', { body: { name: 'flat', utility: 'electricity', kind: 'flat', price: '1.00' }, token: admin });
    await deps.store.meters.create(meterRecord(meterId, { tariffId: tariff.body.id, tariffAssignments: [{ tariffId: tariff.body.id, effectiveFrom: '1999-12-31T16:00:00.000Z' }] }));
    const openid = unique('o');
    const token = (await call(api, '/v1/auth/login', { body: { code: `local:${openid}` } })).body.token;
    await bindTenant(api, admin, token, meterId);

    // A normal recharge: in the bill and in the ledger.
    const clean = await call(api, '/v1/recharges', { body: { meterId, amountFen: 1100 }, token });
    await fetch(`${wx.sandboxUrl}/sandbox/pay/${clean.body.outTradeNo}`, { method: 'POST' });
    await waitFor('the clean credit', async () => (await call(api, `/v1/recharges/${clean.body.outTradeNo}`, { token })).body.status === 'paid', 15_000);

    // Our order, paid at WeChat but never credited: its meter was removed, so every notification is refused.
    const missedNo = `RM${Date.now()}`;
    const goneMeter = unique('gone');
    await deps.store.orders.create({ outTradeNo: missedNo, meterId: goneMeter, openid, amountFen: 2200, status: 'pending', createdAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 900_000).toISOString(), prepayId: 'wx-none', checks: 0 }, new Date(Date.now() + 180_000).toISOString());
    await orphan({ amountFen: 2200, outTradeNo: missedNo, notifyUrl: 'http://127.0.0.1:9/lost' });
    // A payment WeChat has for an order we never created.
    const unknown = await orphan({ amountFen: 3300, notifyUrl: 'http://127.0.0.1:9/lost' });
    // A credit in our ledger that WeChat's bill does not know.
    const ghostNo = `RG${Date.now()}`;
    await deps.store.ledger.post({
      meterId, kind: 'recharge', amountFen: 4400, idempotencyKey: `wxpay:${ghostNo}`, entryId: unique('e'), at: new Date().toISOString(), method: 'wechat_pay',
      extraItems: [paymentItem({ meterId, outTradeNo: ghostNo, transactionId: '4200000000ghost', amountFen: 4400, refundedFen: 0, paidAt: new Date().toISOString(), entryId: 'ghost' })],
    });

    const report = await call(api, '/v1/admin/reconciliations', { body: { day: today() }, token: admin });
    expect(report.status).toBe(200);
    const byOrder = new Map(report.body.mismatches.map((m: { outTradeNo: string; kind: string }) => [m.outTradeNo, m]));
    expect(byOrder.get(missedNo)).toMatchObject({ kind: 'missing_credit', billFen: 2200, meterId: goneMeter });
    expect(byOrder.get(unknown.outTradeNo)).toMatchObject({ kind: 'unknown_payment', billFen: 3300 });
    expect(byOrder.get(ghostNo)).toMatchObject({ kind: 'not_in_bill', ledgerFen: 4400, meterId });
    expect(byOrder.has(clean.body.outTradeNo)).toBe(false);
    const kinds = (await deps.store.alarms.openFor(meterId)).map((alarm) => alarm.kind);
    expect(kinds).toContain('reconciliation_not_in_bill');
    expect((await deps.store.alarms.openFor(goneMeter)).map((alarm) => alarm.kind)).toContain('reconciliation_missing_credit');
  });

  it('refuses a malformed day', async () => {
    expect((await call(api, '/v1/admin/reconciliations', { body: { day: '2026-13-45' }, token: admin })).status).toBe(400);
  });
});
