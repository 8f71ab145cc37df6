import type { z } from 'zod';
import { HealthResponse, listOf, LoginRequest, LoginResponse, MeResponse, MeterId, MeterView } from './schemas';

/** One documented route: the OpenAPI document is generated from this list (scripts/openapi.ts). */
export interface RouteDoc {
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly summary: string;
  /** `null`: public; otherwise the roles allowed (`user`: any logged-in caller). */
  readonly auth: null | readonly ('user' | 'manager' | 'admin')[];
  readonly params?: Readonly<Record<string, z.ZodType>>;
  readonly body?: z.ZodType;
  readonly response: { readonly status: number; readonly schema: z.ZodType };
  readonly errors: readonly number[];
}

export const ROUTES: readonly RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/health',
    summary: 'Liveness and readiness: 200 once the table is ready, 503 before.',
    auth: null,
    response: { status: 200, schema: HealthResponse },
    errors: [503],
  },
  {
    method: 'post',
    path: '/v1/auth/login',
    summary: 'Exchanges a wx.login code (or local:<openid> in local mode) for a session token.',
    auth: null,
    body: LoginRequest,
    response: { status: 200, schema: LoginResponse },
    errors: [400, 429, 502],
  },
  {
    method: 'get',
    path: '/v1/me',
    summary: 'Who the token belongs to, and their roles.',
    auth: ['user'],
    response: { status: 200, schema: MeResponse },
    errors: [401],
  },
  {
    method: 'get',
    path: '/v1/me/meters',
    summary: "The meters the logged-in tenant is bound to.",
    auth: ['user'],
    response: { status: 200, schema: listOf(MeterView) },
    errors: [401],
  },
  {
    method: 'get',
    path: '/v1/meters/{meterId}',
    summary: 'A meter with its balance (fen), supply state and last reading. Tenants see only their own (404 otherwise).',
    auth: ['user'],
    params: { meterId: MeterId },
    response: { status: 200, schema: MeterView },
    errors: [400, 401, 404],
  },
];
