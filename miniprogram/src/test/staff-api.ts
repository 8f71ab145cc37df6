import { ok, type FakeRoutes } from './fake-api';

/** Routes of a healthy API for a logged-in manager (`boss-1`, 王经理) of building B-1 with a colleague (`boss-2`, 李主管); add the admin routes a test is about. */
export function staffRoutes(overrides: FakeRoutes = {}): FakeRoutes {
  return {
    'GET /v1/health': () => ok({ status: 'ok', version: '0.1.0-test', stage: 'test', time: '2025-11-21T00:00:00Z' }),
    'POST /v1/auth/login': () => ok({ token: 'tok-boss', openid: 'boss-1', roles: ['tenant', 'manager'] }),
    'GET /v1/me': () => ok({ openid: 'boss-1', roles: ['tenant', 'manager'], name: null, buildings: ['B-1'] }),
    'GET /v1/admin/staff': () =>
      ok({
        items: [
          { actor: 'user:boss-1', name: '王经理', role: 'manager', buildings: ['B-1'] },
          { actor: 'user:boss-2', name: '李主管', role: 'manager', buildings: ['B-1'] },
        ],
        next: null,
      }),
    ...overrides,
  };
}
