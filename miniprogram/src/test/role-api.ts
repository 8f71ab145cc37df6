import { ok, type FakeRoutes } from './fake-api';

/**
 * A local-mode API where `local:<openid>` logs in as that openid, and openids starting
 * with 'boss' are managers.
 */
export function roleRoutes(): FakeRoutes {
  const rolesOf = (openid: string) => (openid.startsWith('boss') ? ['tenant', 'manager'] : ['tenant']);
  return {
    'GET /v1/health': () => ok({ status: 'ok', version: '0.1.0-test', stage: 'test', time: '2025-11-21T00:00:00Z' }),
    'POST /v1/auth/login': (request) => {
      const openid = (request.data as { code: string }).code.replace(/^local:/, '');
      return ok({ token: `tok:${openid}`, openid, roles: rolesOf(openid) });
    },
    'GET /v1/me': (request) => {
      const openid = String(request.header.Authorization).replace(/^Bearer tok:/, '');
      return ok({ openid, roles: rolesOf(openid), name: null });
    },
  };
}
