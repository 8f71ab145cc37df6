import { describe, expect, inject, it } from 'vitest';
import { integrationDeps, unique } from '../support/deps';
import { bindTenant, call } from '../support/http';

const api = inject('apiUrl');
const admin = inject('adminKey');

describe("a tenant's alarms: what is wrong with their meter, in their terms", () => {
  it('over HTTP: the open alarms a tenant can act on, most severe first, without operator details; never another meter’s', async () => {
    const deps = integrationDeps();
    const tariff = await call(api, '/v1/admin/tariffs', { token: admin, body: { name: 'ta', utility: 'water', kind: 'flat', price: '4.00' } });
    const meterId = unique('TA');
    const created = await call(api, '/v1/admin/meters', {
      token: admin,
      body: { id: meterId, utility: 'water', protocol: 'cjt188', address: '00000000000003', platform: 'simulator', deviceId: `ta-${meterId}`, tariffId: tariff.body.id },
    });
    expect(created.status).toBe(201);
    const token = (await call(api, '/v1/auth/login', { body: { code: `local:${unique('ta')}` } })).body.token as string;
    const stranger = (await call(api, '/v1/auth/login', { body: { code: `local:${unique('ts')}` } })).body.token as string;
    expect((await bindTenant(api, admin, token, meterId)).status).toBe(201);
    expect((await call(api, `/v1/meters/${meterId}/alarms`, { token })).body).toEqual({ items: [], next: null });

    const raise = (kind: string, severity: 'info' | 'warning' | 'critical', raisedAt: string) =>
      deps.store.alarms.raise({ meterId, kind, severity, message: `operator text ${kind}`, details: { secret: 'operator detail' }, raisedAt });
    await raise('night_flow', 'warning', '2026-11-20T02:00:00.000Z');
    await raise('night_flow', 'warning', '2026-11-21T02:00:00.000Z'); // a repeat merges: count 2
    await raise('rejected_frame', 'critical', '2026-11-21T03:00:00.000Z'); // the operator's business
    await raise('supply_cut', 'critical', '2026-11-21T01:00:00.000Z');
    await raise('low_balance', 'warning', '2026-11-21T00:30:00.000Z');

    const seen = await call(api, `/v1/meters/${meterId}/alarms`, { token });
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual({
      items: [
        { kind: 'supply_cut', severity: 'critical', since: '2026-11-21T01:00:00.000Z', lastSeenAt: '2026-11-21T01:00:00.000Z', count: 1 },
        { kind: 'low_balance', severity: 'warning', since: '2026-11-21T00:30:00.000Z', lastSeenAt: '2026-11-21T00:30:00.000Z', count: 1 },
        { kind: 'night_flow', severity: 'warning', since: '2026-11-20T02:00:00.000Z', lastSeenAt: '2026-11-21T02:00:00.000Z', count: 2 },
      ],
      next: null,
    });
    expect(JSON.stringify(seen.body)).not.toContain('operator');

    expect((await call(api, `/v1/meters/${meterId}/alarms`, { token: stranger })).status).toBe(404);
    expect((await call(api, `/v1/meters/${meterId}/alarms`, {})).status).toBe(401);
    expect((await call(api, `/v1/meters/${unique('nope')}/alarms`, { token: admin })).status).toBe(404);
    expect((await call(api, `/v1/meters/${'x'.repeat(200)}/alarms`, { token })).status).toBe(400);
  });
});
