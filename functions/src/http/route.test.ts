import { AppError } from '@prepaid/shared';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { loadConfig } from '../config';
import { createDeps, type Deps } from '../deps';
import { createLogger, fixedClock } from '../platform';
import type { Store } from '../store';
import { route } from './route';

/** A store that must never be touched by these routes: any use is a test failure. */
const untouchableStore = new Proxy({}, { get: (_t, name) => { throw new Error(`store.${String(name)} used`); } }) as Store;

const deps: Deps = createDeps(loadConfig({ STAGE: 'test' }), {
  store: untouchableStore,
  clock: fixedClock(new Date('2026-01-01T00:00:00Z')),
  log: createLogger('silent'),
});
const event = (body?: string, extra: object = {}) =>
  ({ routeKey: 'POST /x', requestContext: { requestId: 'apigw-1' }, headers: {}, body, isBase64Encoded: false, ...extra }) as never;

describe('route', () => {
  it('answers a JSON 500 with a request id and no stack when the action throws', async () => {
    const handler = route({ auth: 'public' }, async () => {
      throw new TypeError('cannot read properties of undefined (secret internals)');
    }).withDeps(() => deps);
    const answer = await handler(event());
    expect(answer.statusCode).toBe(500);
    expect(answer.headers['content-type']).toContain('application/json');
    const body = JSON.parse(answer.body);
    expect(body).toEqual({ error: { code: 'internal', message: expect.any(String), requestId: answer.headers['x-request-id'] } });
    expect(answer.body).not.toMatch(/secret internals|TypeError|\.ts:\d+/);
  });

  it('answers a 400 naming the first invalid field, before the action runs', async () => {
    let ran = false;
    const handler = route({ auth: 'public', body: z.object({ amountFen: z.number().int().positive(), meterId: z.string() }) }, async () => {
      ran = true;
      return { status: 200 };
    }).withDeps(() => deps);
    const answer = await handler(event(JSON.stringify({ amountFen: -1, meterId: 'm' })));
    expect(answer.statusCode).toBe(400);
    expect(JSON.parse(answer.body).error).toMatchObject({ code: 'request.invalid', field: 'body.amountFen' });
    expect(ran).toBe(false);
  });

  it('passes an AppError through with its own status and code', async () => {
    const handler = route({ auth: 'public' }, async () => {
      throw new AppError('wallet.contention', 503, 'busy');
    }).withDeps(() => deps);
    const answer = await handler(event());
    expect(answer.statusCode).toBe(503);
    expect(JSON.parse(answer.body).error).toMatchObject({ code: 'wallet.contention', message: 'busy' });
  });

  it('decodes a base64 body and hands the raw text to the action', async () => {
    const handler = route({ auth: 'public', body: z.object({ a: z.number() }) }, async (request) => ({
      status: 201,
      body: { a: request.body.a, raw: request.rawBody },
    })).withDeps(() => deps);
    const answer = await handler(event(Buffer.from('{"a":1}').toString('base64'), { isBase64Encoded: true }));
    expect(answer.statusCode).toBe(201);
    expect(JSON.parse(answer.body)).toEqual({ a: 1, raw: '{"a":1}' });
  });

  it('answers 401 to a protected route without a bearer token, before touching the store', async () => {
    const handler = route({ auth: 'user' }, async () => ({ status: 200 })).withDeps(() => deps);
    const answer = await handler(event());
    expect(answer.statusCode).toBe(401);
  });

  it('answers 500 (not a crash) when the dependencies cannot even be built', async () => {
    const handler = route({ auth: 'public' }, async () => ({ status: 200 })).withDeps(() => {
      throw new Error('bad config');
    });
    const answer = await handler(event());
    expect(answer.statusCode).toBe(500);
    expect(JSON.parse(answer.body).error.code).toBe('internal');
  });
});
