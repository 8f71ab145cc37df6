import { ROUTES } from '@prepaid/shared';
import { describe, expect, inject, it } from 'vitest';
import { createInvitation, redeemInvitation } from '../../functions/src/services/staff';
import { integrationDeps, unique } from '../support/deps';
import { login, managerOf, twoBuildings } from '../support/estate';
import { call } from '../support/http';

const api = inject('apiUrl');
const admin = inject('adminKey');

/** A valid request for every route about one meter, so that only the scope can refuse it. */
function meterRequests(meterId: string, tariffId: string): { route: string; path: string; body?: unknown }[] {
  const at = new Date(Date.now() - 60_000).toISOString();
  const bodies: Record<string, unknown> = {
    'post /v1/admin/meters/{meterId}/tariff': { tariffId, effectiveFrom: at },
    'post /v1/admin/meters/{meterId}/payments': { amountFen: 100, method: 'cash' },
    'post /v1/admin/meters/{meterId}/readings': { value: 1000, unit: 'Wh', at },
    'post /v1/admin/meters/{meterId}/binding-code': {},
    'post /v1/admin/meters/{meterId}/replacement': { unit: 'Wh', oldFinal: { value: 2000, at }, newBaseline: { value: 0, at } },
    'post /v1/admin/meters/{meterId}/commands': { action: 'keep_on', reason: 'scope test' },
    'post /v1/admin/meters/{meterId}/alarms/{kind}/ack': {},
    'post /v1/admin/meters/{meterId}/adjustments': { amountFen: 100, reason: 'scope test' },
    'post /v1/admin/meters/{meterId}/parameters': { params: { alarmThresholdFen: 1000 }, reason: 'scope test' },
  };
  const queries: Record<string, string> = {
    'get /v1/meters/{meterId}/usage': '?granularity=day&from=2026-11-01&to=2026-11-02',
    'get /v1/admin/notifications': `?meterId=${meterId}`,
  };
  return ROUTES.filter((route) => route.path.includes('{meterId}') || route.path === '/v1/admin/notifications').map((route) => {
    const key = `${route.method} ${route.path}`;
    const path = route.path.replace('{meterId}', meterId).replace('{kind}', 'low_balance').replace('{entryId}', 'e-none');
    return { route: key, path: `${path}${queries[key] ?? ''}`, ...(route.method === 'post' ? { body: bodies[key] ?? {} } : {}) };
  });
}

describe('staff scope: a manager acts on their buildings only', () => {
  it('gives a manager of X a 404 for every route about a meter of Y, and changes nothing there; X answers', async () => {
    const { mx, my, x, tariffId } = await twoBuildings();
    const manager = await managerOf([x]);
    expect(manager.me).toMatchObject({ roles: ['tenant', 'manager'], buildings: [x] });
    const before = (await call(api, `/v1/meters/${my.id}`, { token: admin })).body;

    const requests = meterRequests(my.id, tariffId);
    expect(requests.length).toBeGreaterThanOrEqual(20);
    for (const request of requests) {
      const answer = await call(api, request.path, { token: manager.token, ...(request.body === undefined ? {} : { body: request.body }) });
      // Admin-only routes refuse a manager by role everywhere; the others as if the meter did not exist.
      const auth: readonly string[] | null = ROUTES.find((route) => `${route.method} ${route.path}` === request.route)!.auth;
      const adminOnly = auth !== null && !auth.includes('manager') && !auth.includes('user');
      expect({ route: request.route, status: answer.status, code: answer.body?.error?.code }).toEqual({
        route: request.route,
        status: adminOnly ? 403 : 404,
        code: adminOnly ? 'auth.forbidden' : 'meter.not_found',
      });
    }
    const after = (await call(api, `/v1/meters/${my.id}`, { token: admin })).body;
    expect(after).toEqual(before);
    expect((await call(api, `/v1/admin/meters/${my.id}/commands`, { token: admin })).body.items).toEqual([]);

    // The same requests on X are not refused for scope (a missing alarm or entry is its own 404; the QR code is a PNG).
    for (const request of meterRequests(mx.id, tariffId)) {
      const answer = await fetch(`${api}${request.path}`, {
        method: request.body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${manager.token}`, 'content-type': 'application/json' },
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      });
      const text = await answer.text();
      expect({ route: request.route, refused: answer.status === 404 && text.includes('meter.not_found') }).toEqual({ route: request.route, refused: false });
    }
  });

  it('lists only X in the alarms, anomalies and refund queues; decides X’s refund, not Y’s', async () => {
    const { deps, mx, my, x } = await twoBuildings();
    const manager = await managerOf([x]);
    const at = new Date().toISOString();
    for (const meterId of [mx.id, my.id]) await deps.store.alarms.raise({ meterId, kind: 'meter_fault', severity: 'critical', message: 'fault', details: {}, raisedAt: at });
    const asked = async (meter: { id: string; tenant: { token: string } }) => (await call(api, '/v1/refund-requests', { token: meter.tenant.token, body: { meterId: meter.id, amountFen: 100, reason: '退租' } })).body.id as string;
    const [rx, ry] = [await asked(mx), await asked(my)];

    const alarms = async (token: string) => (await call(api, '/v1/admin/alarms?limit=100', { token })).body.items.map((alarm: { meterId: string }) => alarm.meterId) as string[];
    expect(await alarms(manager.token)).toContain(mx.id);
    expect(await alarms(manager.token)).not.toContain(my.id);
    expect(await alarms(admin)).toEqual(expect.arrayContaining([mx.id, my.id]));

    const pending = async (token: string) => {
      const ids: string[] = [];
      for (let cursor: string | null = null, first = true; first || cursor; first = false) {
        const page: { body: { items: { id: string }[]; next: string | null } } = await call(api, `/v1/admin/refund-requests?status=pending&limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token });
        ids.push(...page.body.items.map((item) => item.id));
        cursor = page.body.next;
      }
      return ids;
    };
    const managerQueue = await pending(manager.token);
    expect(managerQueue).toContain(rx);
    expect(managerQueue).not.toContain(ry);
    expect(await pending(admin)).toEqual(expect.arrayContaining([rx, ry]));

    const reject = (id: string) => call(api, `/v1/admin/refund-requests/${id}/reject`, { token: manager.token, body: { reason: 'scope test' } });
    expect(await reject(ry)).toMatchObject({ status: 404, body: { error: { code: 'refund.not_found' } } });
    expect(await reject(rx)).toMatchObject({ status: 200, body: { status: 'rejected' } });
    expect((await call(api, `/v1/meters/${my.id}/refund-requests`, { token: my.tenant.token })).body.items[0]).toMatchObject({ id: ry, status: 'pending' });
  });

  it('refuses a tenant every admin route (403), whatever the meter', async () => {
    const tenant = await login('tn');
    const admins = ROUTES.filter((route) => route.path.startsWith('/v1/admin/'));
    expect(admins.length).toBeGreaterThanOrEqual(25);
    for (const route of admins) {
      const path = route.path.replace(/\{[a-zA-Z]+\}/g, 'x1');
      const answer = await call(api, path, { token: tenant.token, ...(route.method === 'get' ? {} : { method: route.method.toUpperCase(), body: {} }) });
      expect({ route: `${route.method} ${route.path}`, status: answer.status }).toEqual({ route: `${route.method} ${route.path}`, status: 403 });
    }
  });
});

describe('invitations: an admin makes staff; a code works once and expires', () => {
  it('over HTTP: only an admin invites, to buildings that exist; a code works for one user only, even at once', async () => {
    const { x } = await twoBuildings();
    const manager = await managerOf([x]);
    expect((await call(api, '/v1/admin/invitations', { token: manager.token, body: { role: 'manager', buildings: [x] } })).status).toBe(403);
    expect((await call(api, '/v1/admin/invitations', { token: admin, body: { role: 'manager', buildings: ['no-such-building'] } })).body.error.code).toBe('building.not_found');
    expect((await call(api, '/v1/admin/invitations', { token: admin, body: { role: 'manager' } })).status).toBe(400);
    expect((await call(api, '/v1/admin/invitations', { token: admin, body: { role: 'admin', buildings: [x] } })).status).toBe(400);

    const invitation = await call(api, '/v1/admin/invitations', { token: admin, body: { role: 'manager', buildings: [x] } });
    const users = await Promise.all([login('race'), login('race'), login('race')]);
    const answers = await Promise.all(users.map((user) => call(api, '/v1/me/invitations', { token: user.token, body: { code: invitation.body.code } })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409]);
    const winner = users[answers.findIndex((answer) => answer.status === 200)]!;
    expect((await call(api, '/v1/me', { token: winner.token })).body).toMatchObject({ roles: ['tenant', 'manager'], buildings: [x] });
    for (const loser of users.filter((user) => user !== winner)) expect((await call(api, '/v1/me', { token: loser.token })).body.roles).toEqual(['tenant']);

    const guesser = await login('guess');
    expect((await call(api, '/v1/me/invitations', { token: guesser.token, body: { code: 'A'.repeat(22) } })).body.error.code).toBe('invitation.not_found');
    expect((await call(api, '/v1/me/invitations', { token: guesser.token, body: {} })).status).toBe(400);
  });

  it('in process, on a controlled clock: expired is 410 and changes nothing; a second invitation adds a building', async () => {
    const deps = integrationDeps({ now: new Date('2026-12-01T08:00:00Z') });
    const [a, b] = [unique('IA'), unique('IB')];
    for (const id of [a, b]) await deps.store.estate.putBuilding({ id, name: id, address: '—' });
    const openid = unique('inv');
    await deps.store.users.getOrCreate(openid, deps.clock.now().toISOString());
    const user = { kind: 'user', openid, roles: ['tenant'] } as const;
    const adminKey = { kind: 'key', keyId: 'bootstrap', roles: ['admin'] } as const;
    const first = await createInvitation(deps, adminKey, { role: 'manager', buildings: [a], expiresInHours: 2 });
    const second = await createInvitation(deps, adminKey, { role: 'manager', buildings: [b], expiresInHours: 48 });
    expect(first.audit.after).not.toHaveProperty('code');
    expect(JSON.stringify(first.audit)).not.toContain(first.view.code);

    deps.clock.set(new Date('2026-12-01T10:00:00Z'));
    await expect(redeemInvitation(deps, user, first.view.code)).rejects.toMatchObject({ status: 410, code: 'invitation.expired' });
    expect((await deps.store.users.get(openid))!.roles).toEqual(['tenant']);

    await deps.store.users.put({ ...(await deps.store.users.get(openid))!, roles: ['tenant', 'manager'], buildings: [a] });
    expect(await redeemInvitation(deps, user, second.view.code)).toMatchObject({ roles: ['tenant', 'manager'], buildings: [a, b] });
    await expect(redeemInvitation(deps, user, second.view.code)).rejects.toMatchObject({ status: 409, code: 'invitation.used' });
  });
});

describe('the audit log', () => {
  it('keeps who did what to which meter, before and after; a manager reads their buildings only; no route edits it', async () => {
    const { mx, my, x, y } = await twoBuildings();
    const manager = await managerOf([x]);
    const paid = await call(api, `/v1/admin/meters/${mx.id}/payments`, { token: manager.token, body: { amountFen: 1234, method: 'cash', reference: unique('cash') } });
    expect(paid.status).toBe(201);
    expect((await call(api, `/v1/admin/meters/${my.id}/payments`, { token: admin, body: { amountFen: 777, method: 'cash' } })).status).toBe(201);

    const log = await call(api, '/v1/admin/audit', { token: manager.token });
    expect(log.status).toBe(200);
    const entry = log.body.items.find((item: { meterId: string; action: string; request?: { body?: { amountFen?: number } } }) => item.meterId === mx.id && item.action.includes('/payments') && item.request?.body?.amountFen === 1234);
    expect(entry).toMatchObject({
      actor: `user:${manager.openid}`,
      action: 'POST /v1/admin/meters/{meterId}/payments',
      buildingId: x,
      request: { meterId: mx.id, body: { amountFen: 1234, method: 'cash' } },
      after: { entryId: paid.body.entryId, balanceFen: paid.body.balanceFen },
      status: 201,
    });
    expect(log.body.items.every((item: { buildingId: string }) => item.buildingId === x)).toBe(true);
    expect((await call(api, `/v1/admin/audit?buildingId=${y}`, { token: manager.token })).status).toBe(404);
    const ys = (await call(api, `/v1/admin/audit?buildingId=${y}`, { token: admin })).body.items;
    expect(ys.some((item: { meterId: string; request: { body: { amountFen: number } } }) => item.meterId === my.id && item.request.body.amountFen === 777)).toBe(true);
    expect((await call(api, `/v1/admin/audit?meterId=${mx.id}&limit=5`, { token: admin })).body.items.every((item: { meterId: string }) => item.meterId === mx.id)).toBe(true);

    // The invitation that made the manager is in the estate's log, without its code.
    const estate = (await call(api, '/v1/admin/audit?limit=100', { token: admin })).body.items as { action: string; after: unknown }[];
    expect(estate.find((item) => item.action === 'POST /v1/admin/invitations')?.after).toMatchObject({ role: 'manager' });
    expect(JSON.stringify(estate)).not.toMatch(/"code":"[A-Za-z0-9_-]{22}"/);

    // Nothing but reading: the only audit route is a GET.
    expect(ROUTES.filter((route) => route.path.startsWith('/v1/admin/audit')).map((route) => route.method)).toEqual(['get']);
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) expect((await call(api, '/v1/admin/audit', { token: admin, method, body: {} })).status).toBeGreaterThanOrEqual(400);
  });
});
