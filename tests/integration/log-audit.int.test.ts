import { Writable } from 'node:stream';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { login as loginRoute } from '../../functions/src/handlers/auth';
import { get as getMeterRoute } from '../../functions/src/handlers/meters';
import { createLogger, maskOpenid } from '../../functions/src/platform/logger';
import { recordOfflinePayment } from '../../functions/src/services/payments';
import { createMeter, createTariff } from '../../functions/src/services/provisioning';
import { integrationDeps, unique } from '../support/deps';

/** A logger at its most talkative, keeping every line it writes. */
function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { log: createLogger('debug', stream), lines };
}

const event = (method: string, path: string, options: { body?: unknown; token?: string; pathParameters?: Record<string, string>; routeKey: string }): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: options.routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    isBase64Encoded: false,
    requestContext: { http: { method, path }, requestId: 'api-gw-id' },
  }) as unknown as APIGatewayProxyEventV2;

describe('the log audit: what a tenant’s requests and notices write to the logs', () => {
  it('carries the request id and the meter on a request’s lines, and never a full openid, a session token or a secret', async () => {
    const { log, lines } = capturedLogger();
    const deps = { ...integrationDeps(), log };
    const openid = `o${unique('tenant')}XYZ`;
    // Log in (the code names the openid locally), own a meter, and be told of a payment (the local outbox logs the notice).
    const loggedIn = await loginRoute.withDeps(() => deps)(event('POST', '/v1/auth/login', { routeKey: 'POST /v1/auth/login', body: { code: `local:${openid}` } }));
    expect(loggedIn.statusCode).toBe(200);
    const token = (JSON.parse(loggedIn.body as string) as { token: string }).token;
    const tariff = await createTariff(deps, { id: unique('t'), name: 't', utility: 'electricity', kind: 'flat', price: '1.00' } as never);
    const meterId = unique('L');
    await createMeter(deps, { id: meterId, utility: 'electricity', protocol: 'dlt645', address: '123456789012', platform: 'simulator', deviceId: `l-${meterId}`, tariffId: tariff.id, room: '9-901' });
    await deps.store.meters.bind(openid, meterId, '2026-11-21T00:00:00.000Z');
    await deps.store.contacts.grant(openid, 'recharge_credited', 1, 50);
    await recordOfflinePayment(deps, { kind: 'key', keyId: 'desk', roles: ['admin'] }, meterId, { amountFen: 1000, method: 'cash' }, undefined);
    const seen = await getMeterRoute.withDeps(() => deps)(event('GET', `/v1/meters/${meterId}`, { routeKey: 'GET /v1/meters/{meterId}', token, pathParameters: { meterId } }));
    expect(seen.statusCode).toBe(200);
    // And a refused one: someone else's meter id with a made-up token.
    expect((await getMeterRoute.withDeps(() => deps)(event('GET', `/v1/meters/${meterId}`, { routeKey: 'GET /v1/meters/{meterId}', token: 'not-a-session', pathParameters: { meterId } }))).statusCode).toBe(401);

    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(3);
    expect(all).not.toContain(openid);
    expect(all).not.toContain(token);
    expect(all).not.toContain('not-a-session');
    for (const secret of [deps.config.apiKeys.sealingKey, deps.config.wechat.secret, deps.config.iot.ctwing.pushToken].filter(Boolean)) expect(all).not.toContain(secret);
    // The notice the local outbox logged names the tenant masked.
    const outbox = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => 'outbox' in line);
    expect(outbox).toMatchObject({ outbox: { to: maskOpenid(openid) } });
    expect(String(outbox!.msg)).toContain(maskOpenid(openid));
    // Each request's lines carry its id, the route, and the meter it is about.
    const done = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.route === 'GET /v1/meters/{meterId}');
    expect(done.length).toBeGreaterThanOrEqual(2);
    for (const line of done) expect(line).toMatchObject({ meterId, apiRequestId: 'api-gw-id', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('masks a person and drops a credential wherever a field holds one', () => {
    const { log, lines } = capturedLogger();
    log.info({ openid: 'oABCDEFGHIJKLMNOPQRSTUVWXYZ12', principal: { openid: 'oZYXWVUTSRQPONMLKJIHGFEDCBA98' }, phone: '13800138000', headers: { authorization: 'Bearer abc', 'x-signature': 'deadbeef' }, secret: 'shh', detail: { token: 'tok' }, audit: { actor: 'user:oQWERTYUIOPASDFGHJKLZXCVB77', entry: { actor: 'key:bootstrap' } } }, 'hello');
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ openid: 'oABC…YZ12', principal: { openid: 'oZYX…BA98' }, phone: '138****8000', headers: { authorization: '[redacted]', 'x-signature': '[redacted]' }, secret: '[redacted]', detail: { token: '[redacted]' }, audit: { actor: 'user:oQWE…VB77', entry: { actor: 'key:bootstrap' } } });
  });
});
