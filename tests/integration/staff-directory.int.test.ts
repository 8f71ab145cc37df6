import { describe, expect, inject, it } from 'vitest';
import { integrationDeps, unique } from '../support/deps';
import { login } from '../support/estate';
import { call } from '../support/http';

const api = inject('apiUrl');
const admin = inject('adminKey');

type Member = { actor: string; name: string | null; role: string; buildings: string[] };

/** A user made staff by an invitation that names them. */
async function invited(name: string, body: Record<string, unknown>) {
  const user = await login('sd');
  const invitation = await call(api, '/v1/admin/invitations', { token: admin, body: { ...body, note: name } });
  expect(invitation.status).toBe(201);
  expect((await call(api, '/v1/me/invitations', { token: user.token, body: { code: invitation.body.code } })).body).toMatchObject({ name });
  return user;
}

describe('the staff directory', () => {
  it('names the staff a manager works with, and only them', async () => {
    const deps = integrationDeps();
    const [x, y] = [unique('DX'), unique('DY')];
    for (const id of [x, y]) await deps.store.estate.putBuilding({ id, name: id, address: '—' });
    const wang = await invited('王芳（X 栋）', { role: 'manager', buildings: [x] });
    const li = await invited('李强（X、Y 栋）', { role: 'manager', buildings: [x, y] });
    const zhao = await invited('赵敏（Y 栋）', { role: 'manager', buildings: [y] });
    const boss = await invited('总部管理员', { role: 'admin' });
    const ours = (items: Member[]) => items.filter((member) => [wang, li, zhao, boss].some((user) => member.actor === `user:${user.openid}`));

    const seenByWang = await call(api, '/v1/admin/staff', { token: wang.token });
    expect(seenByWang.status).toBe(200);
    expect(ours(seenByWang.body.items).map((member) => [member.name, member.role, member.buildings]).sort()).toEqual(
      [
        ['王芳（X 栋）', 'manager', [x]],
        ['李强（X、Y 栋）', 'manager', [x]], // the building they share, not the other
        ['总部管理员', 'admin', []],
      ].sort(),
    );
    const seenByAdmin = ours((await call(api, '/v1/admin/staff', { token: boss.token })).body.items);
    expect(seenByAdmin.find((member) => member.actor === `user:${li.openid}`)?.buildings.sort()).toEqual([x, y].sort());
    expect(seenByAdmin).toHaveLength(4);

    // A tenant is refused.
    expect((await call(api, '/v1/admin/staff', { token: (await login('sdt')).token })).status).toBe(403);
  });
});
