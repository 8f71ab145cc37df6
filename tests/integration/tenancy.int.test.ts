import { describe, expect, inject, it } from 'vitest';
import { waitFor } from '../../scripts/lib/processes';
import { integrationDeps, unique } from '../support/deps';
import { login, managerOf } from '../support/estate';
import { bindTenant, call } from '../support/http';

const api = inject('apiUrl');
const admin = inject('adminKey');
const wx = inject('wechatPay');

/** Pays an open order in the WeChat Pay sandbox and waits for the credit. */
async function pay(token: string, outTradeNo: string): Promise<void> {
  await fetch(`${wx.sandboxUrl}/sandbox/pay/${outTradeNo}`, { method: 'POST' });
  await waitFor('the credit', async () => (await call(api, `/v1/recharges/${outTradeNo}`, { token })).body.status === 'paid', 15_000);
}

async function recharge(token: string, meterId: string, amountFen: number): Promise<string> {
  const order = await call(api, '/v1/recharges', { body: { meterId, amountFen }, token });
  await pay(token, order.body.outTradeNo as string);
  return order.body.outTradeNo as string;
}

/** What WeChat (the sandbox) refunded for these orders: its own book. */
async function wechatRefunds(outTradeNos: readonly string[]): Promise<{ fen: number; status: string }[]> {
  const { items } = (await (await fetch(`${wx.sandboxUrl}/sandbox/orders`)).json()) as { items: { outTradeNo: string; refunds: { refundFen: number; status: string }[] }[] };
  return items.filter((order) => outTradeNos.includes(order.outTradeNo)).flatMap((order) => order.refunds.map((refund) => ({ fen: refund.refundFen, status: refund.status })));
}

/** A building with one electricity meter at 1.00 yuan/kWh, a tenant bound to it, ¥50 paid in cash and a first reading. */
async function tenancy() {
  const deps = integrationDeps();
  const buildingId = unique('TB');
  await deps.store.estate.putBuilding({ id: buildingId, name: buildingId, address: '—' });
  const tariff = await call(api, '/v1/admin/tariffs', { token: admin, body: { name: 'tenancy', utility: 'electricity', kind: 'flat', price: '1.00' } });
  const meterId = unique('TM');
  const body = { id: meterId, utility: 'electricity', protocol: 'dlt645', address: '000000000012', platform: 'simulator', deviceId: `tm-${meterId}`, tariffId: tariff.body.id, buildingId, room: '601' };
  expect((await call(api, '/v1/admin/meters', { token: admin, body })).status).toBe(201);
  const tenant = await login('tt');
  expect((await bindTenant(api, admin, tenant.token, meterId)).status).toBe(201);
  const oldScene = (await call(api, `/v1/admin/meters/${meterId}/binding-code`, { token: admin })).body.scene as string;
  expect((await call(api, `/v1/admin/meters/${meterId}/payments`, { token: admin, body: { amountFen: 5_000, method: 'cash' } })).status).toBe(201);
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  expect((await call(api, `/v1/admin/meters/${meterId}/readings`, { token: admin, body: { value: 1_000_000, unit: 'Wh', at: at(30) } })).status).toBe(201);
  return { buildingId, meterId, tenant, oldScene, at };
}

describe('move-out and move-in', () => {
  it('settles at the final reading, sends the rest to the refund queue for another manager, unbinds the tenant and rotates the code', async () => {
    const { buildingId, meterId, tenant, oldScene, at } = await tenancy();
    const [manager, colleague] = [await managerOf([buildingId]), await managerOf([buildingId])];
    const moved = await call(api, `/v1/admin/meters/${meterId}/move-out`, { token: manager.token, body: { finalReading: { value: 1_001_000, unit: 'Wh', at: at(1) }, note: '合同到期' } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      meterId,
      finalReading: { value: 1_001_000, unit: 'Wh' },
      balanceFen: 4_900, // ¥50 less 1 kWh at ¥1.00
      refundRequest: { amountFen: 4_900 },
      owedFen: 0,
      unbound: [tenant.openid],
    });
    expect(moved.body.scene).not.toBe(oldScene);

    // The tenant is gone from the meter, and the old sticker binds no one.
    expect((await call(api, `/v1/meters/${meterId}`, { token: tenant.token })).status).toBe(404);
    const stranger = await login('ts');
    expect((await call(api, '/v1/bindings', { token: stranger.token, body: { scene: oldScene } })).status).toBe(404);

    // Until the settlement is decided the money is still on the wallet: no one moves in, and the new code binds no one.
    const id = moved.body.refundRequest.id as string;
    const early = await call(api, `/v1/admin/meters/${meterId}/move-in`, { token: manager.token, body: {} });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'tenancy.settlement_pending', refundRequestId: id, amountFen: 4_900 });
    const scanned = await call(api, '/v1/bindings', { token: stranger.token, body: { scene: moved.body.scene } });
    expect(scanned.status).toBe(409);
    expect(scanned.body.error.code).toBe('binding.settling');
    const queue = (await call(api, '/v1/admin/refund-requests?status=pending&limit=100', { token: colleague.token })).body.items as { id: string }[];
    expect(queue.find((request) => request.id === id)).toMatchObject({ settlementOf: expect.any(String), amountFen: 4_900 });
    // Moved out again meanwhile: the open settlement is answered, not a second one.
    expect((await call(api, `/v1/admin/meters/${meterId}/move-out`, { token: manager.token, body: {} })).body.refundRequest).toEqual({ id, amountFen: 4_900 });

    // The refund waits in the queue; whoever moved the tenant out does not approve it.
    expect((await call(api, `/v1/admin/refund-requests/${id}/approve`, { token: manager.token, body: { method: 'cash' } })).body.error.code).toBe('refund.own_request');
    expect((await call(api, `/v1/admin/refund-requests/${id}/approve`, { token: colleague.token, body: { method: 'cash' } })).body).toMatchObject({ status: 'refunded', approvedFen: 4_900 });
    expect((await call(api, `/v1/meters/${meterId}`, { token: admin })).body.balanceFen).toBe(0);

    // Again: nothing left to refund, no one to unbind.
    const again = await call(api, `/v1/admin/meters/${meterId}/move-out`, { token: manager.token, body: {} });
    expect(again.body).toMatchObject({ balanceFen: 0, refundRequest: null, owedFen: 0, unbound: [] });

    // Decided: the next tenant moves in and binds with the code the move-in answers (each move-out rotated it).
    const moveIn = await call(api, `/v1/admin/meters/${meterId}/move-in`, { token: manager.token, body: {} });
    expect(moveIn.status).toBe(200);
    expect(moveIn.body.scene).toBe(again.body.scene);
    expect((await call(api, '/v1/bindings', { token: stranger.token, body: { scene: moveIn.body.scene } })).body).toEqual({ meterId });
  });

  it("refunds a settlement by WeChat only to what the tenant paid before moving out", async () => {
    const { buildingId, meterId, tenant } = await tenancy();
    const [manager, colleague] = [await managerOf([buildingId]), await managerOf([buildingId])];
    expect((await call(api, `/v1/admin/meters/${meterId}/adjustments`, { token: admin, body: { amountFen: -5_000, reason: '现金已退' } })).status).toBe(201);
    const early = await recharge(tenant.token, meterId, 2_000);
    // An order the tenant opened before moving out and paid after (WeChat's success_time has whole seconds).
    const late = (await call(api, '/v1/recharges', { token: tenant.token, body: { meterId, amountFen: 3_000 } })).body.outTradeNo as string;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const moved = await call(api, `/v1/admin/meters/${meterId}/move-out`, { token: manager.token, body: {} });
    expect(moved.body.refundRequest).toMatchObject({ amountFen: 2_000 });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await pay(tenant.token, late);

    // The newest payment is the ¥30 paid after the move-out; the settlement goes back to the ¥20 paid before it.
    const wechat = await call(api, `/v1/admin/refund-requests/${moved.body.refundRequest.id}/approve`, { token: colleague.token, body: { method: 'wechat' } });
    expect(wechat.status).toBe(200);
    expect(wechat.body).toMatchObject({ approvedFen: 2_000 });
    expect((await wechatRefunds([early])).map((refund) => refund.fen)).toEqual([2_000]);
    expect(await wechatRefunds([late])).toEqual([]);
    expect((await call(api, `/v1/meters/${meterId}`, { token: admin })).body.balanceFen).toBe(3_000);
  });

  it('says what a tenant in arrears owes, and refunds nothing', async () => {
    const { buildingId, meterId } = await tenancy();
    const manager = await managerOf([buildingId]);
    expect((await call(api, `/v1/admin/meters/${meterId}/adjustments`, { token: admin, body: { amountFen: -5_300, reason: '欠费' } })).status).toBe(201);
    const moved = await call(api, `/v1/admin/meters/${meterId}/move-out`, { token: manager.token, body: {} });
    expect(moved.body).toMatchObject({ balanceFen: -300, refundRequest: null, owedFen: 300, finalReading: { value: 1_000_000 } });
  });

  it('starts a tenancy with an opening credit, once, never in the future', async () => {
    const { buildingId, meterId } = await tenancy();
    const manager = await managerOf([buildingId]);
    // The last tenant's ¥50, refunded in cash by a colleague before anyone moves in.
    const settlement = (await call(api, `/v1/admin/meters/${meterId}/move-out`, { token: manager.token, body: {} })).body.refundRequest as { id: string; amountFen: number };
    expect(settlement.amountFen).toBe(5_000);
    expect((await call(api, `/v1/admin/refund-requests/${settlement.id}/approve`, { token: admin, body: { method: 'cash' } })).body.status).toBe('refunded');
    const start = new Date(Date.now() - 60_000).toISOString();
    const moveIn = () => call(api, `/v1/admin/meters/${meterId}/move-in`, { token: manager.token, body: { at: start, openingCreditFen: 2_000, note: '新租户' } });
    const first = await moveIn();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ meterId, tenancyStart: new Date(start).toISOString(), balanceFen: 2_000 });
    expect((await moveIn()).body.balanceFen).toBe(2_000);
    const record = await integrationDeps().store.meters.get(meterId);
    expect(record?.tenancyStart).toBe(new Date(start).toISOString());
    expect((await call(api, `/v1/admin/meters/${meterId}/move-in`, { token: manager.token, body: { at: new Date(Date.now() + 3_600_000).toISOString() } })).status).toBe(400);
    // The new tenant scans the code the move-in answered.
    const newcomer = await login('tn');
    expect((await call(api, '/v1/bindings', { token: newcomer.token, body: { scene: first.body.scene } })).body).toEqual({ meterId });
  });

  it('refunds a new tenant by WeChat only from what was paid in their own tenancy, never the last tenant’s payments', async () => {
    const { buildingId, meterId, tenant } = await tenancy();
    const [manager, colleague] = [await managerOf([buildingId]), await managerOf([buildingId])];
    await recharge(tenant.token, meterId, 2_000);
    // The last tenant's settlement is paid in cash: their WeChat payment stays unrefunded on the meter.
    const settlement = (await call(api, `/v1/admin/meters/${meterId}/move-out`, { token: manager.token, body: {} })).body.refundRequest as { id: string };
    expect((await call(api, `/v1/admin/refund-requests/${settlement.id}/approve`, { token: colleague.token, body: { method: 'cash' } })).body.status).toBe('refunded');
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the tenancy starts after the last payment's whole second
    const moved = await call(api, `/v1/admin/meters/${meterId}/move-in`, { token: manager.token, body: { openingCreditFen: 2_000 } });
    const newcomer = await login('tw');
    expect((await call(api, '/v1/bindings', { token: newcomer.token, body: { scene: moved.body.scene } })).body).toEqual({ meterId });
    const own = await recharge(newcomer.token, meterId, 1_000);

    // ¥25 back to WeChat: only ¥10 of it was paid by WeChat in this tenancy, so it cannot go back there.
    const asked = await call(api, '/v1/refund-requests', { token: newcomer.token, body: { meterId, amountFen: 2_500, reason: '多缴' } });
    const wechat = await call(api, `/v1/admin/refund-requests/${asked.body.id}/approve`, { token: manager.token, body: { method: 'wechat' } });
    expect(wechat.body.error?.code).toBe('refund.not_refundable');
    expect((await call(api, `/v1/admin/refund-requests/${asked.body.id}/reject`, { token: manager.token, body: { reason: '请改为现金或分开申请' } })).body.status).toBe('rejected');
    // ¥10 can.
    const small = await call(api, '/v1/refund-requests', { token: newcomer.token, body: { meterId, amountFen: 1_000, reason: '多缴' } });
    expect((await call(api, `/v1/admin/refund-requests/${small.body.id}/approve`, { token: manager.token, body: { method: 'wechat' } })).body).toMatchObject({ approvedFen: 1_000 });
    expect((await wechatRefunds([own])).map((refund) => refund.fen)).toEqual([1_000]);
  });
});
