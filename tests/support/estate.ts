import { expect, inject } from 'vitest';
import { integrationDeps, unique } from './deps';
import { bindTenant, call } from './http';
import './provided';

const api = inject('apiUrl');
const admin = inject('adminKey');

/** A new WeChat user, logged in through the API (a tenant until invited). */
export const login = async (prefix: string) => {
  const openid = unique(prefix);
  return { openid, token: (await call(api, '/v1/auth/login', { body: { code: `local:${openid}` } })).body.token as string };
};

/** An estate of two buildings, X and Y, with a meter in each (¥50 on it) and a tenant bound to each meter. */
export async function twoBuildings() {
  const deps = integrationDeps();
  const [x, y] = [unique('BX'), unique('BY')];
  for (const id of [x, y]) await deps.store.estate.putBuilding({ id, name: `楼 ${id}`, address: '—' });
  const tariff = await call(api, '/v1/admin/tariffs', { token: admin, body: { name: 'scope', utility: 'electricity', kind: 'flat', price: '1.00' } });
  const meter = async (buildingId: string) => {
    const id = unique('SC');
    const created = await call(api, '/v1/admin/meters', {
      token: admin,
      body: { id, utility: 'electricity', protocol: 'dlt645', address: '000000000009', platform: 'simulator', deviceId: `sc-${id}`, tariffId: tariff.body.id, buildingId, room: '101' },
    });
    expect(created.status).toBe(201);
    expect((await call(api, `/v1/admin/meters/${id}/payments`, { token: admin, body: { amountFen: 5000, method: 'cash' } })).status).toBe(201);
    const tenant = await login('st');
    expect((await bindTenant(api, admin, tenant.token, id)).status).toBe(201);
    return { id, tenant };
  };
  return { deps, x, y, mx: await meter(x), my: await meter(y), tariffId: tariff.body.id as string };
}

/** A manager of the buildings, made the contract's way: an admin's invitation, redeemed by a logged-in user. */
export async function managerOf(buildings: string[]) {
  const user = await login('mgr');
  const invitation = await call(api, '/v1/admin/invitations', { token: admin, body: { role: 'manager', buildings, note: 'test' } });
  expect(invitation.status).toBe(201);
  const redeemed = await call(api, '/v1/me/invitations', { token: user.token, body: { code: invitation.body.code } });
  expect(redeemed.status).toBe(200);
  return { ...user, me: redeemed.body };
}

