import { describe, expect, inject, it } from 'vitest';
import { integrationDeps, unique } from '../support/deps';
import { login, managerOf } from '../support/estate';
import { bindTenant, call } from '../support/http';

const api = inject('apiUrl');
const admin = inject('adminKey');

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

    // The refund waits in the queue; whoever moved the tenant out does not approve it.
    const id = moved.body.refundRequest.id as string;
    expect((await call(api, `/v1/admin/refund-requests/${id}/approve`, { token: manager.token, body: { method: 'cash' } })).body.error.code).toBe('refund.own_request');
    expect((await call(api, `/v1/admin/refund-requests/${id}/approve`, { token: colleague.token, body: { method: 'cash' } })).body).toMatchObject({ status: 'refunded', approvedFen: 4_900 });
    expect((await call(api, `/v1/meters/${meterId}`, { token: admin })).body.balanceFen).toBe(0);

    // Again: nothing left to refund, no one to unbind.
    const again = await call(api, `/v1/admin/meters/${meterId}/move-out`, { token: manager.token, body: {} });
    expect(again.body).toMatchObject({ balanceFen: 0, refundRequest: null, owedFen: 0, unbound: [] });
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
    // The last tenant's ¥50 waits in the refund queue (still on the wallet until approved).
    expect((await call(api, `/v1/admin/meters/${meterId}/move-out`, { token: manager.token, body: {} })).body.refundRequest).toMatchObject({ amountFen: 5_000 });
    const start = new Date(Date.now() - 60_000).toISOString();
    const moveIn = () => call(api, `/v1/admin/meters/${meterId}/move-in`, { token: manager.token, body: { at: start, openingCreditFen: 2_000, note: '新租户' } });
    const first = await moveIn();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ meterId, tenancyStart: new Date(start).toISOString(), balanceFen: 7_000 });
    expect((await moveIn()).body.balanceFen).toBe(7_000);
    const record = await integrationDeps().store.meters.get(meterId);
    expect(record?.tenancyStart).toBe(new Date(start).toISOString());
    expect((await call(api, `/v1/admin/meters/${meterId}/move-in`, { token: manager.token, body: { at: new Date(Date.now() + 3_600_000).toISOString() } })).status).toBe(400);
    // The new tenant scans the code the move-in answered.
    const newcomer = await login('tn');
    expect((await call(api, '/v1/bindings', { token: newcomer.token, body: { scene: first.body.scene } })).body).toEqual({ meterId });
  });
});
