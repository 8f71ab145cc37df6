import type { HealthResponse, List, LoginResponse, MeResponse, MeterView } from '@prepaid/shared';
import { requestJson } from './client';

/** GET /v1/health: liveness and the deployed version; needs no login. */
export function getHealth(): Promise<HealthResponse> {
  return requestJson<HealthResponse>('GET', '/v1/health');
}

/** POST /v1/auth/login: trades a wx.login code (or `local:<openid>` in demo mode) for a token. */
export function login(code: string): Promise<LoginResponse> {
  return requestJson<LoginResponse>('POST', '/v1/auth/login', { code });
}

/** GET /v1/me: who the token belongs to (the given one, else the current bearer token). */
export function getMe(bearerToken?: string): Promise<MeResponse> {
  return requestJson<MeResponse>('GET', '/v1/me', undefined, bearerToken === undefined ? {} : { bearerToken });
}

/** GET /v1/me/meters: the meters bound to the logged-in tenant. */
export function listMyMeters(): Promise<List<MeterView>> {
  return requestJson<List<MeterView>>('GET', '/v1/me/meters');
}
