import { randomUUID } from 'node:crypto';
import { forbidden, type Role } from '@prepaid/shared';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod';
import { defaultDeps, ensureSecrets, type Deps } from '../deps';
import { authenticateSignedRequest, type SignedRequest } from '../services/api-keys';
import { authenticate } from '../services/auth';
import { auditStaffAction } from '../services/audit';
import { isStaff, meterInScope } from '../services/scope';
import { errorToResponse, jsonResponse } from './error-mapper';
import { parseJsonBody, validate } from './parse';
import type { HttpRequest, HttpResult, LambdaHttpResponse, Principal } from './types';

/** `'public'`: no token; `'user'`: any valid token; a role list: one of those roles. */
export type RouteAuth = 'public' | 'user' | readonly Role[];

export interface RouteSpec<Body, Params, Query, A extends RouteAuth = RouteAuth> {
  readonly auth: A;
  readonly body?: z.ZodType<Body>;
  readonly params?: z.ZodType<Params>;
  readonly query?: z.ZodType<Query>;
}

export type RouteAction<Body, Params, Query, A extends RouteAuth = RouteAuth> = (
  request: HttpRequest<Body, Params, Query, A extends 'public' ? Principal | undefined : Principal>,
  deps: Deps,
) => Promise<HttpResult>;

/**
 * Wraps a use case as a Lambda HTTP handler: request id and logger, body
 * parsing, schema validation (400 naming the field), authentication, and the
 * one error mapper. Nothing escapes it: serverless-offline and API Gateway
 * only ever see a proper JSON answer.
 */
export function route<Body = undefined, Params = Record<string, never>, Query = Record<string, never>, A extends RouteAuth = RouteAuth>(
  spec: RouteSpec<Body, Params, Query, A>,
  action: RouteAction<Body, Params, Query, A>,
  getDeps: () => Deps = defaultDeps,
): HttpHandler {
  const handler = async (event: APIGatewayProxyEventV2, context?: { awsRequestId?: string }): Promise<LambdaHttpResponse> => {
    // Our own id, unique everywhere (serverless-offline reuses one constant requestContext.requestId);
    // API Gateway's id is logged beside it for correlation with its access logs.
    const requestId = randomUUID();
    let log: Deps['log'] | undefined;
    try {
      // The container's secrets, read (or known current) before anything: a deployed stage without them refuses here.
      await ensureSecrets();
      const deps = getDeps();
      // Every line of the request carries its ids, and the meter and order it is about where the path names them.
      log = deps.log.child({ requestId, apiRequestId: event.requestContext?.requestId, lambdaRequestId: context?.awsRequestId, route: event.routeKey, ...subjectOf(event.pathParameters) });
      const started = Date.now();
      const request = await buildRequest(spec, event, deps, requestId, log);
      // A staff route about one meter: outside the caller's buildings it is a 404, before anything runs.
      const meter = spec.auth !== 'public' && spec.auth !== 'user' && request.principal ? await scopedMeter(request.params, request.principal, deps) : null;
      // `authorize` answers a principal for every route that is not public (else it throws): what the action's type promises.
      const result = await action(request as Parameters<typeof action>[0], deps);
      if (request.principal && isStaff(request.principal) && event.requestContext?.http?.method !== 'GET' && result.status < 400) {
        await auditStaffAction(deps, log, {
          principal: request.principal,
          action: event.routeKey && event.routeKey !== '$default' ? event.routeKey : `${event.requestContext?.http?.method ?? '?'} ${event.rawPath ?? '?'}`,
          request: { ...(request.params as object), ...(request.body === undefined ? {} : { body: request.body }) },
          meter,
          result,
        });
      }
      log.info({ status: result.status, durationMs: Date.now() - started }, 'request done');
      if (result.binary !== undefined) {
        return { statusCode: result.status, headers: { 'content-type': 'application/octet-stream', ...result.headers, 'x-request-id': requestId }, body: Buffer.from(result.binary).toString('base64'), isBase64Encoded: true };
      }
      if (result.text !== undefined) {
        return { statusCode: result.status, headers: { 'content-type': 'text/plain; charset=utf-8', ...result.headers, 'x-request-id': requestId }, body: result.text };
      }
      return jsonResponse(result.status, result.body, requestId, result.headers);
    } catch (error) {
      return errorToResponse(error, requestId, log ?? fallbackLogger());
    }
  };
  return Object.assign(handler, { spec: spec as RouteSpec<unknown, unknown, unknown>, withDeps: (other: () => Deps) => route(spec, action, other) });
}

/** The meter and order a request is about, from its path (bounded: a path parameter is the caller's text). */
function subjectOf(params: APIGatewayProxyEventV2['pathParameters']): { meterId?: string; outTradeNo?: string } {
  const meterId = params?.meterId?.slice(0, 64);
  const outTradeNo = params?.outTradeNo?.slice(0, 64);
  return { ...(meterId ? { meterId } : {}), ...(outTradeNo ? { outTradeNo } : {}) };
}

/** The meter named by a `{meterId}` path parameter, checked against the caller's scope (404 outside it). */
async function scopedMeter(params: unknown, principal: Principal, deps: Deps) {
  const meterId = typeof params === 'object' && params !== null && 'meterId' in params ? params.meterId : undefined;
  return typeof meterId === 'string' ? meterInScope(deps.store, principal, meterId) : null;
}

/** A Lambda HTTP handler; `withDeps` gives the same handler over other dependencies (tests). */
export type HttpHandler = ((event: APIGatewayProxyEventV2) => Promise<LambdaHttpResponse>) & {
  withDeps(getDeps: () => Deps): HttpHandler;
  /** What it was declared with (`declared(key)` carries the route's key): the drift test reads it. */
  readonly spec: RouteSpec<unknown, unknown, unknown> & { readonly key?: string };
};

async function buildRequest<Body, Params, Query>(
  spec: RouteSpec<Body, Params, Query>,
  event: APIGatewayProxyEventV2,
  deps: Deps,
  requestId: string,
  log: Deps['log'],
): Promise<HttpRequest<Body, Params, Query>> {
  const headers = lowerCaseHeaders(event.headers);
  const rawBody = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  const signed = {
    method: event.requestContext?.http?.method ?? '',
    pathWithQuery: `${event.rawPath ?? ''}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`,
    headers,
    rawBody,
  };
  const principal = await authorize(spec.auth, signed, deps);
  const body = spec.body ? validate(spec.body, parseJsonBody(rawBody), 'body') : (undefined as Body);
  const params = spec.params ? validate(spec.params, event.pathParameters ?? {}, 'params') : ({} as Params);
  const query = spec.query ? validate(spec.query, event.queryStringParameters ?? {}, 'query') : ({} as Query);
  return { body, params, query, headers, rawBody, requestId, log, principal };
}

async function authorize(auth: RouteSpec<unknown, unknown, unknown>['auth'], request: SignedRequest, deps: Deps): Promise<Principal | undefined> {
  if (auth === 'public') return undefined;
  // A third party's signed request (X-Api-Key …), else a session or the bootstrap key (Authorization: Bearer).
  const principal = request.headers['x-api-key'] !== undefined ? await authenticateSignedRequest(deps, request) : await authenticate(deps, request.headers.authorization);
  if (auth !== 'user' && !principal.roles.some((role) => auth.includes(role))) {
    throw forbidden(`This needs one of the roles: ${auth.join(', ')}`);
  }
  return principal;
}

function lowerCaseHeaders(headers: APIGatewayProxyEventV2['headers'] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) out[name.toLowerCase()] = value;
  return out;
}

/** Used only when building the dependencies themselves failed (e.g. bad configuration). */
function fallbackLogger(): Deps['log'] {
  const write = (level: string) => (obj: unknown, msg?: string) =>
    console.error(JSON.stringify({ level, msg, err: obj instanceof Error ? obj.message : (obj as { err?: Error })?.err?.message }));
  return { error: write('error'), info: write('info'), warn: write('warn') } as unknown as Deps['log'];
}
