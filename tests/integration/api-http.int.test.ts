import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ROUTES } from '@prepaid/shared';
import { buildOpenApi } from '../../shared/src/api/openapi';
import { integrationDeps, unique } from '../support/deps';
import { meterRecord } from '../support/fixtures';
import { call } from '../support/http';

const api = inject('apiUrl');
const deps = integrationDeps();

const meter = meterRecord;

const login = async (openid: string): Promise<string> => {
  const answer = await call(api, '/v1/auth/login', { body: { code: `local:${openid}` } });
  expect(answer.status).toBe(200);
  return answer.body.token as string;
};

describe('the API over real HTTP (serverless-offline + DynamoDB Local)', () => {
  it('answers health with status ok once the table is ready', async () => {
    const answer = await call(api, '/v1/health');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'ok', stage: 'local' });
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves its OpenAPI 3.1 document to anyone: every route, as the schemas generate it', async () => {
    const answer = await call(api, '/v1/openapi.json');
    expect(answer.status).toBe(200);
    const served = answer.body as { openapi: string; info: { version: string }; paths: Record<string, Record<string, unknown>> };
    expect(served).toEqual(buildOpenApi(served.info.version));
    expect(served.openapi).toBe('3.1.0');
    for (const route of ROUTES) expect(served.paths[route.path]?.[route.method], `${route.method} ${route.path}`).toBeDefined();
  });

  it('rejects an invalid login body with 400 naming the field, and writes nothing', async () => {
    const answer = await call(api, '/v1/auth/login', { body: { code: 42 } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'request.invalid', field: 'body.code' });
    expect(answer.body.error.requestId).toEqual(answer.headers.get('x-request-id'));
  });

  it('rejects unknown fields, a missing body and malformed JSON with 400', async () => {
    const extra = await call(api, '/v1/auth/login', { body: { code: 'local:x', admin: true } });
    expect(extra.status).toBe(400);
    expect(extra.body.error.field).toBe('body');
    const missing = await call(api, '/v1/auth/login', { method: 'POST' });
    expect(missing.status).toBe(400);
    const malformed = await call(api, '/v1/auth/login', { body: '{"code":' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('request.malformed_json');
  });

  it('logs a tenant in with a local code and knows them afterwards', async () => {
    const openid = unique('tenant');
    const token = await login(openid);
    const me = await call(api, '/v1/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ openid, roles: ['tenant'], name: null });
  });

  it('answers 401 without a token or with an unknown one, and 400 for a non-local code', async () => {
    expect((await call(api, '/v1/me')).status).toBe(401);
    const bad = await call(api, '/v1/me', { token: 'not-a-session' });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('auth.unauthorized');
    const code = await call(api, '/v1/auth/login', { body: { code: 'wx-code-from-real-wechat' } });
    expect(code.status).toBe(400);
    expect(code.body.error.code).toBe('auth.bad_code');
  });

  describe('meters', () => {
    const meterId = unique('E');
    let owner: string;
    let stranger: string;

    beforeAll(async () => {
      await deps.store.meters.create(meter(meterId));
      owner = unique('owner');
      stranger = unique('stranger');
      const ownerToken = await login(owner);
      await deps.store.meters.bind(owner, meterId, '2026-11-21T00:00:00.000Z');
      await deps.store.ledger.post({
        meterId,
        kind: 'adjustment',
        amountFen: 12345,
        idempotencyKey: `test:${meterId}`,
        entryId: unique('entry'),
        at: '2026-11-21T00:00:00.000Z',
      });
      owner = ownerToken;
      stranger = await login(stranger);
    });

    it('shows a bound tenant their meter with its balance in fen', async () => {
      const answer = await call(api, `/v1/meters/${meterId}`, { token: owner });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ id: meterId, utility: 'electricity', balanceFen: 12345, supply: 'on', keepOn: false, lastReading: null });
      const mine = await call(api, '/v1/me/meters', { token: owner });
      expect(mine.body).toEqual({ items: [answer.body], next: null });
    });

    it('answers 404 to a tenant asking for a meter that is not theirs, as for a missing one', async () => {
      const other = await call(api, `/v1/meters/${meterId}`, { token: stranger });
      const missing = await call(api, `/v1/meters/${unique('nope')}`, { token: stranger });
      expect(other.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(other.body.error.code).toBe(missing.body.error.code);
    });

    it('lets the admin key read any meter and rejects an invalid meter id with 400', async () => {
      const admin = inject('adminKey');
      expect((await call(api, `/v1/meters/${meterId}`, { token: admin })).status).toBe(200);
      const invalid = await call(api, `/v1/meters/${'x'.repeat(41)}`, { token: admin });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.field).toBe('params.meterId');
    });

    it('answers a JSON 500 with a request id and no stack when stored data is corrupt', async () => {
      const corruptId = unique('corrupt');
      await deps.store.table.doc.send(
        new PutCommand({ TableName: deps.store.table.tableName, Item: { PK: `METER#${corruptId}`, SK: 'STATE#METER', id: corruptId, utility: 'gas' } }),
      );
      const answer = await call(api, `/v1/meters/${corruptId}`, { token: inject('adminKey') });
      expect(answer.status).toBe(500);
      expect(answer.body).toEqual({
        error: { code: 'internal', message: expect.any(String), requestId: answer.headers.get('x-request-id') },
      });
      expect(JSON.stringify(answer.body)).not.toMatch(/ZodError|at .*\.ts|stack/);
    });
  });
});
