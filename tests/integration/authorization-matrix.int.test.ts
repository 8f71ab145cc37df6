import { ROUTES } from '@prepaid/shared';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { signedHeaders } from '../../scripts/api-client';
import { unique } from '../support/deps';
import { login, managerOf, twoBuildings } from '../support/estate';
import { call } from '../support/http';

const api = inject('apiUrl');
const admin = inject('adminKey');

/**
 * Every route of shared/src/api/routes.ts against ten callers (CONTRACT:
 * authentication; staff, scope and keys). route() checks, in this order:
 * credentials (401), role (403), body/params/query (400), a staff route's
 * `{meterId}` outside the caller's buildings (404); then the service hides
 * what lies outside the caller's scope (404) and refuses what is not theirs
 * to do (403). So every request below is valid, and local to this file's
 * own estate, unless a row says it is refused on purpose after authorization.
 */
const CALLERS = ['anonymous', 'tenantA', 'tenantB', 'managerX', 'managerY', 'admin', 'adminKey', 'keyX', 'revokedKey', 'badSignature'] as const;
type Caller = (typeof CALLERS)[number];
/** 'ok': a 2xx answer. A number: exactly that status (401/403 refused, 404 hidden, 400/409 a business answer after authorization). */
type Outcome = 'ok' | number;
type Expectation = Record<Caller, Outcome>;
type Key = { keyId: string; secret: string };
type Req = { path: string; body?: unknown; headers?: Record<string, string> };
type Ctx = Awaited<ReturnType<typeof setUp>>;
interface Row {
  readonly route: string;
  readonly request: (ctx: Ctx) => Req | Promise<Req>;
  readonly expect: Expectation;
}

const everyone = (outcome: Outcome) => Object.fromEntries(CALLERS.map((who) => [who, outcome])) as Expectation;
/** Any valid credentials get `outcome`; none, a revoked key or a forged signature 401. */
const signedIn = (outcome: Outcome, over: Partial<Expectation> = {}): Expectation => ({ ...everyone(outcome), anonymous: 401, revokedKey: 401, badSignature: 401, ...over });
/** A tenant route about mx: its tenant, staff of X and admins read it; B's tenant and Y's manager are told it does not exist. */
const meterRead = signedIn('ok', { tenantB: 404, managerY: 404 });
/** Manager and admin routes: a tenant is refused by role. */
const staffOnly = (outcome: Outcome, over: Partial<Expectation> = {}) => signedIn(outcome, { tenantA: 403, tenantB: 403, ...over });
/** A staff route about building X or something of X: hidden from Y's manager. */
const staffOfX = (outcome: Outcome) => staffOnly(outcome, { managerY: 404 });
const adminOnly = (outcome: Outcome, over: Partial<Expectation> = {}) => staffOnly(outcome, { managerX: 403, managerY: 403, keyX: 403, ...over });
/** A WeChat user's own business (services check `principal.kind === 'user'`): an API key, the bootstrap admin key too, is nobody's account. */
const usersOnly = (outcome: Outcome, over: Partial<Expectation> = {}) => signedIn(outcome, { admin: 403, adminKey: 403, keyX: 403, ...over });

const span = 'from=2026-11-01&to=2026-11-02';
const newMeter = (id: string, tariffId: string) => ({ id, utility: 'electricity', protocol: 'dlt645', address: '000000000009', platform: 'simulator', deviceId: `az-${id}`, tariffId, room: '101' });
const keepOn = () => ({ action: 'keep_on', until: new Date(Date.now() + 86_400_000).toISOString(), reason: 'authz matrix' });
let versions = 0;
/** A distinct instant per tariff version (two versions at one instant are a 409). */
const nextVersionAt = () => new Date(Date.UTC(2090, 0, 1) + ++versions * 60_000).toISOString();
/** A WeChat Pay notification signed with a serial no key has: 401 before its body is read. */
const forgedWechatPay = () => ({ 'wechatpay-timestamp': String(Math.floor(Date.now() / 1000)), 'wechatpay-nonce': 'authz', 'wechatpay-signature': 'AAAA', 'wechatpay-serial': 'NO-SUCH-SERIAL' });

/** A setup request (the admin's unless a token is given) that must succeed. */
async function must(path: string, options: { body?: unknown; method?: string; token?: string } = {}) {
  const answer = await call(api, path, { token: admin, ...options });
  if (answer.status >= 300) throw new Error(`setup ${path}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function setUp() {
  const { deps, x, y, mx, my, tariffId } = await twoBuildings();
  const [managerX, managerY] = [await managerOf([x]), await managerOf([y])];
  // Another manager of X, none of the ten: asks for the keep-ons others decide, and used the invitation code replayed below.
  const asker = await login('asker');
  const usedCode = (await must('/v1/admin/invitations', { body: { role: 'manager', buildings: [x] } })).code as string;
  await must('/v1/me/invitations', { token: asker.token, body: { code: usedCode } });
  const key = async (body: object) => (await must('/v1/admin/api-keys', { body })) as Key;
  const adminKey = await key({ name: 'authz admin', role: 'admin' });
  const keyX = await key({ name: 'authz X', role: 'manager', buildings: [x] });
  const revokedKey = await key({ name: 'authz revoked', role: 'admin' });
  await must(`/v1/admin/api-keys/${revokedKey.keyId}`, { method: 'DELETE' });
  // A meter in no building to bind to: whoever binds to it gains nothing another row looks at.
  const mz = unique('AZ');
  await must('/v1/admin/meters', { body: newMeter(mz, tariffId) });
  const scene = (await must(`/v1/admin/meters/${mz}/binding-code`)).scene as string;
  const outTradeNo = (await must('/v1/recharges', { token: mx.tenant.token, body: { meterId: mx.id, amountFen: 100 } })).outTradeNo as string;
  const entryId = (await must(`/v1/meters/${mx.id}/ledger?limit=1`)).items[0].id as string;
  const exportId = (await must('/v1/admin/exports', { body: { kind: 'ledger', from: '2026-11-01', to: '2026-11-02', buildingId: x, format: 'csv' } })).id as string;
  // A keep-on of X already decided: approving or ending it is a 409, after the scope check.
  const decidedAction = (await must(`/v1/admin/buildings/${x}/mass-actions`, { token: asker.token, body: keepOn() })).id as string;
  await must(`/v1/admin/mass-actions/${decidedAction}/reject`, { body: { note: 'authz setup' } });
  const tokens: Partial<Record<Caller, string>> = { tenantA: mx.tenant.token, tenantB: my.tenant.token, managerX: managerX.token, managerY: managerY.token, admin };
  const keys: Partial<Record<Caller, Key>> = { adminKey, keyX, revokedKey, badSignature: { keyId: adminKey.keyId, secret: 'not-the-secret' } };
  const now = Date.now();
  return {
    deps, x, mx: mx.id, tariffId, tenantA: mx.tenant.token, asker, tokens, keys, usedCode, scene, outTradeNo, entryId, exportId, decidedAction,
    at: new Date(now - 60_000).toISOString(),
    readingAt: new Date(now - 3_600_000).toISOString(),
  };
}

/** A fresh 1-fen refund request of mx filed by its tenant: each caller decides its own. */
const fileRefund = async (c: Ctx) => (await must('/v1/refund-requests', { token: c.tenantA, body: { meterId: c.mx, amountFen: 1, reason: 'authz' } })).id as string;
/** Rejects (as the admin) the keep-on of X awaiting a decision, if any: a building has one at a time. */
async function clearX(c: Ctx) {
  const { items } = await must(`/v1/admin/buildings/${c.x}/mass-actions?limit=20`);
  for (const action of items as { id: string; status: string }[]) {
    if (action.status === 'awaiting_approval') await must(`/v1/admin/mass-actions/${action.id}/reject`, { body: { note: 'authz cleanup' } });
  }
}
const freshAction = async (c: Ctx) => {
  await clearX(c);
  return (await must(`/v1/admin/buildings/${c.x}/mass-actions`, { token: c.asker.token, body: keepOn() })).id as string;
};
const freshKey = async (c: Ctx) => (await must('/v1/admin/api-keys', { body: { name: 'authz revoke', role: 'manager', buildings: [c.x] } })).keyId as string;
const raiseFault = (c: Ctx) => c.deps.store.alarms.raise({ meterId: c.mx, kind: 'meter_fault', severity: 'critical', message: 'authz', details: {}, raisedAt: new Date().toISOString() });

const rows: Row[] = [
  // Public: no credentials needed, and none looked at (a revoked or forged key is ignored).
  { route: 'GET /v1/health', request: () => ({ path: '/v1/health' }), expect: everyone('ok') },
  { route: 'GET /v1/openapi.json', request: () => ({ path: '/v1/openapi.json' }), expect: everyone('ok') },
  { route: 'POST /v1/auth/login', request: () => ({ path: '/v1/auth/login', body: { code: `local:${unique('authz')}` } }), expect: everyone('ok') },
  // Webhooks authenticate the push, not the caller: without a valid token or signature, 401 for everyone.
  { route: 'POST /v1/webhooks/ctwing', request: () => ({ path: '/v1/webhooks/ctwing', body: {} }), expect: everyone(401) },
  { route: 'GET /v1/webhooks/onenet', request: () => ({ path: '/v1/webhooks/onenet?msg=authz&nonce=n0nce&signature=bad' }), expect: everyone(401) },
  { route: 'POST /v1/webhooks/onenet', request: () => ({ path: '/v1/webhooks/onenet', body: { msg: '{}', msg_signature: 'bad', nonce: 'n0nce' } }), expect: everyone(401) },
  { route: 'POST /v1/webhooks/iotda', request: () => ({ path: '/v1/webhooks/iotda', body: {} }), expect: everyone(401) },
  { route: 'POST /v1/webhooks/gateways/{gatewayId}', request: () => ({ path: '/v1/webhooks/gateways/authz-gw', body: { batchId: 'b1', reports: [] } }), expect: everyone(401) },
  { route: 'GET /v1/webhooks/gateways/{gatewayId}/commands', request: () => ({ path: '/v1/webhooks/gateways/authz-gw/commands' }), expect: everyone(401) },
  { route: 'POST /v1/webhooks/wechatpay', request: () => ({ path: '/v1/webhooks/wechatpay', body: {}, headers: forgedWechatPay() }), expect: everyone(401) },

  // Anyone signed in; a WeChat user's own settings, codes and payments are no key's.
  { route: 'GET /v1/me', request: () => ({ path: '/v1/me' }), expect: signedIn('ok') },
  { route: 'GET /v1/me/meters', request: () => ({ path: '/v1/me/meters' }), expect: signedIn('ok') },
  { route: 'GET /v1/me/subscriptions', request: () => ({ path: '/v1/me/subscriptions' }), expect: usersOnly('ok') },
  { route: 'POST /v1/me/subscriptions', request: () => ({ path: '/v1/me/subscriptions', body: { results: { 'local-low_balance': 'reject' } } }), expect: usersOnly('ok') },
  { route: 'POST /v1/me/phone', request: () => ({ path: '/v1/me/phone', body: { phone: null } }), expect: usersOnly('ok') },
  // A used code: 409 for a user (checked after the key refusal); redeeming a live one would make the tenants staff.
  { route: 'POST /v1/me/invitations', request: (c) => ({ path: '/v1/me/invitations', body: { code: c.usedCode } }), expect: usersOnly(409) },
  { route: 'POST /v1/bindings', request: (c) => ({ path: '/v1/bindings', body: { scene: c.scene } }), expect: usersOnly('ok') },
  { route: 'POST /v1/recharges', request: (c) => ({ path: '/v1/recharges', body: { meterId: c.mx, amountFen: 100 } }), expect: usersOnly('ok', { tenantB: 404, managerY: 404 }) },

  // Reading a meter: its tenant, a manager of its building, admins (CONTRACT); anyone else 404.
  { route: 'GET /v1/meters/{meterId}', request: (c) => ({ path: `/v1/meters/${c.mx}` }), expect: meterRead },
  { route: 'GET /v1/meters/{meterId}/readings', request: (c) => ({ path: `/v1/meters/${c.mx}/readings?limit=5` }), expect: meterRead },
  { route: 'GET /v1/meters/{meterId}/ledger', request: (c) => ({ path: `/v1/meters/${c.mx}/ledger?limit=5` }), expect: meterRead },
  { route: 'GET /v1/meters/{meterId}/ledger/{entryId}', request: (c) => ({ path: `/v1/meters/${c.mx}/ledger/${c.entryId}` }), expect: meterRead },
  { route: 'GET /v1/meters/{meterId}/ledger/{entryId}/receipt', request: (c) => ({ path: `/v1/meters/${c.mx}/ledger/${c.entryId}/receipt` }), expect: meterRead },
  { route: 'GET /v1/meters/{meterId}/usage', request: (c) => ({ path: `/v1/meters/${c.mx}/usage?granularity=day&${span}` }), expect: meterRead },
  { route: 'GET /v1/meters/{meterId}/usage/insights', request: (c) => ({ path: `/v1/meters/${c.mx}/usage/insights` }), expect: meterRead },
  { route: 'GET /v1/meters/{meterId}/records', request: (c) => ({ path: `/v1/meters/${c.mx}/records?limit=5` }), expect: meterRead },
  { route: 'GET /v1/meters/{meterId}/notifications', request: (c) => ({ path: `/v1/meters/${c.mx}/notifications?limit=5` }), expect: meterRead },
  { route: 'GET /v1/meters/{meterId}/refund-requests', request: (c) => ({ path: `/v1/meters/${c.mx}/refund-requests?limit=5` }), expect: meterRead },
  { route: 'GET /v1/meters/{meterId}/alarms', request: (c) => ({ path: `/v1/meters/${c.mx}/alarms` }), expect: meterRead },
  { route: 'GET /v1/recharges/{outTradeNo}', request: (c) => ({ path: `/v1/recharges/${c.outTradeNo}` }), expect: meterRead },
  { route: 'POST /v1/refund-requests', request: (c) => ({ path: '/v1/refund-requests', body: { meterId: c.mx, amountFen: 1, reason: 'authz' } }), expect: meterRead },

  // Admins only: everyone else with credentials is refused by role, before any scope.
  { route: 'POST /v1/admin/tariffs', request: () => ({ path: '/v1/admin/tariffs', body: { name: 'authz', utility: 'electricity', kind: 'flat', price: '1.00' } }), expect: adminOnly('ok') },
  {
    route: 'POST /v1/admin/tariffs/{tariffId}/versions',
    request: (c) => ({ path: `/v1/admin/tariffs/${c.tariffId}/versions`, body: { effectiveFrom: nextVersionAt(), name: 'authz', utility: 'electricity', kind: 'flat', price: '1.00' } }),
    expect: adminOnly('ok'),
  },
  { route: 'POST /v1/admin/meters', request: (c) => ({ path: '/v1/admin/meters', body: newMeter(unique('AZ'), c.tariffId) }), expect: adminOnly('ok') },
  { route: 'POST /v1/admin/meters/{meterId}/tariff', request: (c) => ({ path: `/v1/admin/meters/${c.mx}/tariff`, body: { tariffId: c.tariffId, effectiveFrom: c.at } }), expect: adminOnly('ok') },
  { route: 'POST /v1/admin/invitations', request: (c) => ({ path: '/v1/admin/invitations', body: { role: 'manager', buildings: [c.x], note: 'authz' } }), expect: adminOnly('ok', { adminKey: 403 }) },
  // A key does not make keys (services/api-keys.ts: 403 api_key.by_person); only the bootstrap key and logged-in admins do.
  { route: 'POST /v1/admin/api-keys', request: (c) => ({ path: '/v1/admin/api-keys', body: { name: 'authz', role: 'manager', buildings: [c.x] } }), expect: adminOnly('ok', { adminKey: 403 }) },
  { route: 'GET /v1/admin/api-keys', request: () => ({ path: '/v1/admin/api-keys' }), expect: adminOnly('ok') },
  { route: 'DELETE /v1/admin/api-keys/{keyId}', request: async (c) => ({ path: `/v1/admin/api-keys/${await freshKey(c)}` }), expect: adminOnly('ok') },
  // The merchant's whole bill: admins only (handlers/reconciliation.ts). A bad day is a 400 after the role check: WeChat Pay is never asked.
  { route: 'POST /v1/admin/reconciliations', request: () => ({ path: '/v1/admin/reconciliations', body: { day: 'not-a-day' } }), expect: adminOnly(400) },

  // Staff, not scoped (tariffs), or lists that leave out what is not the caller's.
  { route: 'GET /v1/admin/tariffs', request: () => ({ path: '/v1/admin/tariffs?limit=1' }), expect: staffOnly('ok') },
  { route: 'GET /v1/admin/tariffs/{tariffId}', request: (c) => ({ path: `/v1/admin/tariffs/${c.tariffId}` }), expect: staffOnly('ok') },
  { route: 'GET /v1/admin/anomalies', request: () => ({ path: '/v1/admin/anomalies?limit=1' }), expect: staffOnly('ok') },
  { route: 'GET /v1/admin/refund-requests', request: () => ({ path: '/v1/admin/refund-requests?limit=1' }), expect: staffOnly('ok') },
  { route: 'GET /v1/admin/staff', request: () => ({ path: '/v1/admin/staff' }), expect: staffOnly('ok') },
  { route: 'GET /v1/admin/exports', request: () => ({ path: '/v1/admin/exports?limit=1' }), expect: staffOnly('ok') },

  // Staff, about meter mx (404 outside the caller's buildings, before anything runs).
  { route: 'POST /v1/admin/meters/{meterId}/payments', request: (c) => ({ path: `/v1/admin/meters/${c.mx}/payments`, body: { amountFen: 1, method: 'cash' } }), expect: staffOfX('ok') },
  { route: 'POST /v1/admin/meters/{meterId}/readings', request: (c) => ({ path: `/v1/admin/meters/${c.mx}/readings`, body: { value: 0, unit: 'Wh', at: c.readingAt } }), expect: staffOfX('ok') },
  { route: 'POST /v1/admin/meters/{meterId}/adjustments', request: (c) => ({ path: `/v1/admin/meters/${c.mx}/adjustments`, body: { amountFen: 1, reason: 'authz' } }), expect: staffOfX('ok') },
  { route: 'GET /v1/admin/meters/{meterId}/binding-code', request: (c) => ({ path: `/v1/admin/meters/${c.mx}/binding-code` }), expect: staffOfX('ok') },
  { route: 'POST /v1/admin/meters/{meterId}/binding-code', request: (c) => ({ path: `/v1/admin/meters/${c.mx}/binding-code` }), expect: staffOfX('ok') },
  { route: 'GET /v1/admin/meters/{meterId}/qrcode', request: (c) => ({ path: `/v1/admin/meters/${c.mx}/qrcode` }), expect: staffOfX('ok') },
  // Parameters are for meters that keep their own balance: mx is billed by the platform, so staff who may touch it are told 400 params.unsupported.
  { route: 'POST /v1/admin/meters/{meterId}/parameters', request: (c) => ({ path: `/v1/admin/meters/${c.mx}/parameters`, body: { params: { alarmThresholdFen: 1000 }, reason: 'authz' } }), expect: staffOfX(400) },
  { route: 'GET /v1/admin/meters/{meterId}/parameters', request: (c) => ({ path: `/v1/admin/meters/${c.mx}/parameters` }), expect: staffOfX('ok') },
  { route: 'POST /v1/admin/buildings/{buildingId}/parameters', request: (c) => ({ path: `/v1/admin/buildings/${c.x}/parameters`, body: { params: { clock: true }, reason: 'authz' } }), expect: staffOfX('ok') },
  { route: 'GET /v1/admin/meters/{meterId}/commands', request: (c) => ({ path: `/v1/admin/meters/${c.mx}/commands` }), expect: staffOfX('ok') },
  // A restore of a meter that is on, with credit and no hold, needs no command: 200 {queued:false}, nothing sent to the (slow) platform.
  { route: 'POST /v1/admin/meters/{meterId}/commands', request: (c) => ({ path: `/v1/admin/meters/${c.mx}/commands`, body: { action: 'restore', reason: 'authz' } }), expect: staffOfX('ok') },
  { route: 'GET /v1/admin/meters/{meterId}/alarms', request: (c) => ({ path: `/v1/admin/meters/${c.mx}/alarms` }), expect: staffOfX('ok') },
  { route: 'GET /v1/admin/meters/{meterId}/device', request: (c) => ({ path: `/v1/admin/meters/${c.mx}/device` }), expect: staffOfX('ok') },
  { route: 'GET /v1/admin/meters/{meterId}/tenants', request: (c) => ({ path: `/v1/admin/meters/${c.mx}/tenants` }), expect: staffOfX('ok') },
  {
    route: 'POST /v1/admin/meters/{meterId}/alarms/{kind}/ack',
    request: async (c) => (await raiseFault(c), { path: `/v1/admin/meters/${c.mx}/alarms/meter_fault/ack`, body: { note: 'authz' } }),
    expect: staffOfX('ok'),
  },
  { route: 'POST /v1/admin/meters/{meterId}/move-in', request: (c) => ({ path: `/v1/admin/meters/${c.mx}/move-in`, body: {} }), expect: staffOfX('ok') },
  // Refused on purpose after the scope check (a move-out would unbind tenant A; a replacement would reset the register): 400, nothing written.
  {
    route: 'POST /v1/admin/meters/{meterId}/replacement',
    request: (c) => ({ path: `/v1/admin/meters/${c.mx}/replacement`, body: { unit: 'Wh', oldFinal: { value: 10, at: c.at }, newBaseline: { value: 0, at: c.at } } }),
    expect: staffOfX(400),
  },
  {
    route: 'POST /v1/admin/meters/{meterId}/move-out',
    request: (c) => ({ path: `/v1/admin/meters/${c.mx}/move-out`, body: { finalReading: { value: 0, unit: 'Wh', at: '2099-01-01T00:00:00+08:00' } } }),
    expect: staffOfX(400),
  },

  // Staff, about building X or things of X (refund requests, exports, keep-ons): 404 for Y's manager.
  { route: 'POST /v1/admin/gateways', request: (c) => ({ path: '/v1/admin/gateways', body: { id: unique('gw'), name: '授权网关', buildingId: c.x, kind: 'rs485' } }), expect: adminOnly('ok') },
  { route: 'GET /v1/admin/gateways', request: () => ({ path: '/v1/admin/gateways' }), expect: staffOnly('ok') },
  { route: 'GET /v1/admin/alarms', request: (c) => ({ path: `/v1/admin/alarms?buildingId=${c.x}&limit=5` }), expect: staffOfX('ok') },
  { route: 'GET /v1/admin/notifications', request: (c) => ({ path: `/v1/admin/notifications?meterId=${c.mx}&limit=5` }), expect: staffOfX('ok') },
  { route: 'GET /v1/admin/audit', request: (c) => ({ path: `/v1/admin/audit?buildingId=${c.x}&limit=1` }), expect: staffOfX('ok') },
  { route: 'GET /v1/admin/overview', request: (c) => ({ path: `/v1/admin/overview?buildingId=${c.x}` }), expect: staffOfX('ok') },
  { route: 'GET /v1/admin/statistics', request: (c) => ({ path: `/v1/admin/statistics?${span}&buildingId=${c.x}` }), expect: staffOfX('ok') },
  { route: 'GET /v1/admin/statistics/income', request: (c) => ({ path: `/v1/admin/statistics/income?${span}&buildingId=${c.x}` }), expect: staffOfX('ok') },
  { route: 'GET /v1/admin/meters', request: (c) => ({ path: `/v1/admin/meters?buildingId=${c.x}&limit=5` }), expect: staffOfX('ok') },
  { route: 'GET /v1/admin/buildings/{buildingId}/qrcodes', request: (c) => ({ path: `/v1/admin/buildings/${c.x}/qrcodes?limit=5` }), expect: staffOfX('ok') },
  {
    route: 'POST /v1/admin/exports',
    request: (c) => ({ path: '/v1/admin/exports', body: { kind: 'ledger', from: '2026-11-01', to: '2026-11-02', buildingId: c.x, format: 'csv' } }),
    expect: staffOfX('ok'),
  },
  { route: 'GET /v1/admin/exports/{exportId}', request: (c) => ({ path: `/v1/admin/exports/${c.exportId}` }), expect: staffOfX('ok') },
  { route: 'POST /v1/admin/refund-requests/{requestId}/approve', request: async (c) => ({ path: `/v1/admin/refund-requests/${await fileRefund(c)}/approve`, body: { method: 'cash' } }), expect: staffOfX('ok') },
  { route: 'POST /v1/admin/refund-requests/{requestId}/reject', request: async (c) => ({ path: `/v1/admin/refund-requests/${await fileRefund(c)}/reject`, body: { reason: 'authz' } }), expect: staffOfX('ok') },
  { route: 'POST /v1/admin/buildings/{buildingId}/mass-actions', request: async (c) => (await clearX(c), { path: `/v1/admin/buildings/${c.x}/mass-actions`, body: keepOn() }), expect: staffOfX('ok') },
  { route: 'GET /v1/admin/buildings/{buildingId}/mass-actions', request: (c) => ({ path: `/v1/admin/buildings/${c.x}/mass-actions` }), expect: staffOfX('ok') },
  { route: 'POST /v1/admin/mass-actions/{actionId}/reject', request: async (c) => ({ path: `/v1/admin/mass-actions/${await freshAction(c)}/reject`, body: { note: 'authz' } }), expect: staffOfX('ok') },
  // Approving would switch X's meters to keep-on through the (slow) platform: the decided action answers 409 once in scope.
  { route: 'POST /v1/admin/mass-actions/{actionId}/approve', request: (c) => ({ path: `/v1/admin/mass-actions/${c.decidedAction}/approve`, body: {} }), expect: staffOfX(409) },
  { route: 'POST /v1/admin/mass-actions/{actionId}/end', request: (c) => ({ path: `/v1/admin/mass-actions/${c.decidedAction}/end` }), expect: staffOfX(409) },
];

/** One request as `who` sends it: a bearer token, a request signed with a key (CONTRACT), or nothing. */
async function send(c: Ctx, who: Caller, method: string, request: Req): Promise<{ status: number; text: string }> {
  const text = request.body === undefined ? undefined : JSON.stringify(request.body);
  const headers: Record<string, string> = { ...(text === undefined ? {} : { 'content-type': 'application/json' }), ...request.headers };
  const key = c.keys[who];
  const token = c.tokens[who];
  if (key) Object.assign(headers, signedHeaders(key.keyId, key.secret, method, request.path, text ?? ''));
  else if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${api}${request.path}`, { method, headers, ...(text === undefined ? {} : { body: text }) });
  return { status: response.status, text: await response.text() };
}

/** The row's ten answers, sequentially; each mismatch as one readable line. */
async function check(c: Ctx, row: Row): Promise<string[]> {
  const [method = '', template = ''] = row.route.split(' ');
  const shape = new RegExp(`^${template.replace(/\./g, '\\.').replace(/\{\w+\}/g, '[^/?]+')}(\\?.*)?$`);
  const mismatches: string[] = [];
  for (const who of CALLERS) {
    const request = await row.request(c);
    if (!shape.test(request.path)) return [`${row.route}: the row requests ${request.path}, not this route`];
    const { status, text } = await send(c, who, method, request);
    const expected = row.expect[who];
    const met = expected === 'ok' ? status >= 200 && status < 300 : status === expected;
    if (!met) mismatches.push(`${row.route} ${who}: expected ${expected}, got ${status} (${text.slice(0, 200)})`);
  }
  return mismatches;
}

describe('authorization matrix: the table', () => {
  it('has exactly one row per route of ROUTES, and no other', () => {
    const declared = ROUTES.map((route) => `${route.method.toUpperCase()} ${route.path}`);
    const table = rows.map((row) => row.route);
    expect(table.filter((route, index) => table.indexOf(route) !== index)).toEqual([]);
    expect({ withoutRow: declared.filter((route) => !table.includes(route)), notDeclared: table.filter((route) => !declared.includes(route)) }).toEqual({ withoutRow: [], notDeclared: [] });
  });
});

describe('authorization matrix: every route against ten callers', () => {
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = await setUp();
  }, 120_000);

  const CHUNK = 8;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    it(`answers as expected: ${chunk[0]?.route} … ${chunk.at(-1)?.route}`, async () => {
      const mismatches: string[] = [];
      for (const row of chunk) mismatches.push(...(await check(ctx, row)));
      expect(mismatches, `\n${mismatches.join('\n')}`).toEqual([]);
    }, 180_000);
  }
});
