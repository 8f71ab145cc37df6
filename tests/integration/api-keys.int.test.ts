import { describe, expect, inject, it } from 'vitest';
import { authenticateSignedRequest, createApiKey } from '../../functions/src/services/api-keys';
import { signedHeaders } from '../../scripts/api-client';
import { integrationDeps, unique } from '../support/deps';
import { twoBuildings } from '../support/estate';
import { call } from '../support/http';

const api = inject('apiUrl');
const admin = inject('adminKey');

type Key = { keyId: string; secret: string };

/** A request signed with the key, sent as a third party would (the body signed exactly as sent). */
async function signed(key: Key, method: string, pathWithQuery: string, body?: unknown, tamper: { headers?: Record<string, string>; sentBody?: string } = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  const headers = { ...signedHeaders(key.keyId, key.secret, method, pathWithQuery, text), ...tamper.headers };
  const response = await fetch(`${api}${pathWithQuery}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: tamper.sentBody ?? text }),
  });
  const raw = await response.text();
  return { status: response.status, body: raw === '' ? null : JSON.parse(raw), headers };
}

type Entry = { at: string; actor: string; action: string; request: { reason: string } };

/** The estate's audit log back to `since`, newest first, every page (other files write to it at the same time). */
async function auditSince(since: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  let cursor: string | null = null;
  do {
    const page = (await call(api, `/v1/admin/audit?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: admin })).body as { items: Entry[]; next: string | null };
    entries.push(...page.items);
    cursor = page.items.some((entry) => entry.at < since) ? null : page.next;
  } while (cursor);
  return entries;
}

/** The refusals the audit log holds for a key since `since`. */
async function refusals(keyId: string, since: string): Promise<string[]> {
  return (await auditSince(since)).filter((entry) => entry.action === 'api_key.refused' && entry.actor === `key:${keyId}`).map((entry) => entry.request.reason);
}

describe('API keys for third parties', () => {
  it('a key scoped to building X reads and acts on X only; the secret is shown once and never audited', async () => {
    const started = new Date(Date.now() - 1_000).toISOString();
    const { x, mx, my } = await twoBuildings();
    const created = await call(api, '/v1/admin/api-keys', { token: admin, body: { name: '住建局平台', role: 'manager', buildings: [x] } });
    expect(created.status).toBe(201);
    const key = created.body as Key & { name: string };
    expect(key).toMatchObject({ name: '住建局平台', role: 'manager', buildings: [x] });
    expect(key.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const mine = await signed(key, 'GET', `/v1/admin/meters?buildingId=${x}&limit=20`);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((meter: { id: string }) => meter.id)).toEqual([mx.id]);
    expect((await signed(key, 'GET', `/v1/meters/${my.id}`)).status).toBe(404);
    const paid = await signed(key, 'POST', `/v1/admin/meters/${mx.id}/payments`, { amountFen: 1_234, method: 'bank_transfer', reference: unique('ref') });
    expect(paid.status).toBe(201);
    // An admin-only route is not a manager key's.
    expect((await signed(key, 'GET', '/v1/admin/api-keys')).status).toBe(403);
    // A recharge order of Y is as missing as one that never was; one of X is read.
    const order = async (token: string, meterId: string) => (await call(api, '/v1/recharges', { token, body: { meterId, amountFen: 100 } })).body.outTradeNo as string;
    expect((await signed(key, 'GET', `/v1/recharges/${await order(my.tenant.token, my.id)}`)).status).toBe(404);
    expect((await signed(key, 'GET', `/v1/recharges/${await order(mx.tenant.token, mx.id)}`)).body).toMatchObject({ meterId: mx.id, status: 'pending' });

    // The audit log has the key's action, and nowhere the secret.
    const audit = JSON.stringify(await auditSince(started));
    expect(audit).toContain(`key:${key.keyId}`);
    expect(audit).not.toContain(key.secret);
    const listed = (await call(api, '/v1/admin/api-keys', { token: admin })).body.items as { keyId: string; fingerprint: string }[];
    expect(listed.find((entry) => entry.keyId === key.keyId)).toMatchObject({ fingerprint: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect(JSON.stringify(listed)).not.toContain(key.secret);
  });

  it('refuses a bad signature, an old timestamp, a reused nonce, a changed body and a revoked key, each audited, and changes nothing', async () => {
    const started = new Date(Date.now() - 1_000).toISOString();
    const { mx } = await twoBuildings();
    const key = (await call(api, '/v1/admin/api-keys', { token: admin, body: { name: '财务系统', role: 'admin' } })).body as Key;
    const balance = async () => (await call(api, `/v1/meters/${mx.id}`, { token: admin })).body.balanceFen as number;
    const before = await balance();
    const path = `/v1/admin/meters/${mx.id}/payments`;
    const body = { amountFen: 500, method: 'bank_transfer', reference: unique('ref') };

    const wrongSecret = await signed({ ...key, secret: `${key.secret}x` }, 'POST', path, body);
    expect(wrongSecret.status).toBe(401);
    const oldTime = await signed(key, 'POST', path, body, { headers: signedHeaders(key.keyId, key.secret, 'POST', path, JSON.stringify(body), Date.now() - 301_000) });
    expect(oldTime.status).toBe(401);
    const changedBody = await signed(key, 'POST', path, body, { sentBody: JSON.stringify({ ...body, amountFen: 50_000 }) });
    expect(changedBody.status).toBe(401);
    expect((await signed(key, 'GET', `/v1/admin/meters?limit=5`, undefined, { headers: { 'x-nonce': 'short' } })).status).toBe(401);
    expect(await balance()).toBe(before);

    // Once right, and once only: the same request again is a replay.
    const first = await signed(key, 'POST', path, body);
    expect(first.status).toBe(201);
    const replay = await fetch(`${api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...first.headers }, body: JSON.stringify(body) });
    expect(replay.status).toBe(401);
    expect(await balance()).toBe(before + 500);

    // A key does not make keys (one holder with many keys could be both people of a four-eyes decision).
    expect((await signed(key, 'POST', '/v1/admin/api-keys', { name: 'x', role: 'admin' })).body.error.code).toBe('api_key.by_person');

    // Revoked: refused at once.
    expect((await call(api, `/v1/admin/api-keys/${key.keyId}`, { token: admin, method: 'DELETE' })).body).toMatchObject({ keyId: key.keyId, revokedAt: expect.any(String) });
    expect((await signed(key, 'GET', '/v1/admin/meters?limit=5')).status).toBe(401);
    expect((await call(api, `/v1/admin/api-keys/${key.keyId}`, { token: admin, method: 'DELETE' })).status).toBe(404);

    expect((await refusals(key.keyId, started)).sort()).toEqual(['bad_signature', 'bad_signature', 'malformed', 'nonce_reused', 'revoked', 'timestamp'].sort());
  });

  it('in process, on a controlled clock (ahead of the run, so its audit entries come first): answers 429 past a key’s rate a minute, audited, and lets it through the next minute', async () => {
    const base = integrationDeps({ now: new Date('2030-01-01T03:00:05Z') });
    const deps = { ...base, config: { ...base.config, apiKeys: { ...base.config.apiKeys, perMinute: 2 } } };
    const operator = { kind: 'user', openid: unique('admin'), roles: ['admin'] } as const;
    const { view: key } = await createApiKey(deps, operator, { name: 'rate', role: 'admin' });
    const request = () => {
      const headers = signedHeaders(key.keyId, key.secret, 'GET', '/v1/admin/meters', '', deps.clock.now().getTime());
      return authenticateSignedRequest(deps, { method: 'GET', pathWithQuery: '/v1/admin/meters', headers, rawBody: '' });
    };
    await expect(request()).resolves.toMatchObject({ kind: 'key', keyId: key.keyId, roles: ['admin'] });
    await expect(request()).resolves.toMatchObject({ keyId: key.keyId });
    await expect(request()).rejects.toMatchObject({ status: 429, code: 'api_key.rate_limited' });
    deps.clock.set(new Date('2030-01-01T03:01:01Z'));
    await expect(request()).resolves.toMatchObject({ keyId: key.keyId });
    expect(await refusals(key.keyId, '2030-01-01T03:00:00Z')).toEqual(['rate_limited']);
  });
});
