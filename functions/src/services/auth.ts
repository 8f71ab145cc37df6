import { timingSafeEqual, createHash } from 'node:crypto';
import { unauthorized, type LoginResponse, type MeResponse } from '@prepaid/shared';
import type { Deps } from '../deps';
import type { Principal } from '../http/types';
import { newToken } from '../platform';

export type AuthDeps = Pick<Deps, 'store' | 'clock' | 'wechat' | 'config'>;

/** Logs a WeChat user in: code → openid → user (created as tenant) → a new session token. */
export async function login(deps: AuthDeps, code: string): Promise<LoginResponse> {
  const { openid } = await deps.wechat.exchange(code);
  const now = deps.clock.now();
  const user = await deps.store.users.getOrCreate(openid, now.toISOString());
  const token = newToken();
  await deps.store.sessions.create(token, {
    openid,
    createdAt: now.toISOString(),
    expiresAtEpochS: Math.floor(now.getTime() / 1000) + deps.config.sessionTtlHours * 3600,
  });
  return { token, openid, roles: user.roles };
}

/** Resolves an `Authorization` header to a principal; anything unusable is a 401. */
export async function authenticate(deps: AuthDeps, header: string | undefined): Promise<Principal> {
  const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!token) throw unauthorized('Send Authorization: Bearer <token>');
  if (deps.config.bootstrapAdminKey && sameSecret(token, deps.config.bootstrapAdminKey)) {
    return { kind: 'key', keyId: 'bootstrap', roles: ['admin'] };
  }
  const session = await deps.store.sessions.find(token, Math.floor(deps.clock.now().getTime() / 1000));
  if (!session) throw unauthorized('The session is unknown or expired; log in again');
  const user = await deps.store.users.get(session.openid);
  if (!user) throw unauthorized('The user no longer exists');
  return { kind: 'user', openid: user.openid, roles: user.roles, buildings: user.buildings };
}

export async function describeMe(deps: AuthDeps, principal: Principal): Promise<MeResponse> {
  const buildings = principal.roles.includes('admin') ? { buildings: null } : principal.roles.includes('manager') ? { buildings: [...(principal.buildings ?? [])] } : {};
  if (principal.kind === 'key') return { openid: `key:${principal.keyId}`, roles: [...principal.roles], name: null, ...buildings };
  const user = await deps.store.users.get(principal.openid);
  return { openid: principal.openid, roles: user?.roles ?? [...principal.roles], name: user?.name ?? null, ...buildings };
}

/** Constant-time comparison of two secrets of any length (hashing equalises the lengths). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
