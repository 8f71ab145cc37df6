import type { MeterView } from '@prepaid/shared';
import { ok, type FakeAnswer, type FakeRoutes } from './fake-api';

/**
 * Routes of a healthy API for one logged-in tenant owning `meters`; override a route
 * to make one call fail.
 */
export function tenantRoutes(meters: MeterView[], overrides: FakeRoutes = {}): FakeRoutes {
  const login = (): FakeAnswer => ok({ token: 'tok-tenant', openid: 'demo-tenant-1', roles: ['tenant'] });
  return {
    'GET /v1/health': () => ok({ status: 'ok', version: '0.1.0-test', stage: 'test', time: '2025-11-21T00:00:00Z' }),
    'POST /v1/auth/login': login,
    'GET /v1/me': () => ok({ openid: 'demo-tenant-1', roles: ['tenant'], name: null }),
    'GET /v1/me/meters': () => ok({ items: meters, next: null }),
    ...overrides,
  };
}
