import { inlineDepsReactions } from '../../functions/src/deps-inline';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROUTES } from '@prepaid/shared';
import { loadConfig } from '../../functions/src/config';
import type { Deps } from '../../functions/src/deps';
import { createDepsWithPayments } from '../../functions/src/deps-payments';
import type { HttpHandler } from '../../functions/src/http';
import { createLogger } from '../../functions/src/platform';
import { createStore, createTableRef } from '../../functions/src/store';
import { repoRoot } from '../../scripts/lib/here';
import { inject } from 'vitest';

/**
 * Every route of the API, fed random and mutated input in-process (the real
 * handler behind its route wrapper, on DynamoDB Local): it may answer 2xx or
 * 4xx, never 5xx, and an input it refuses writes nothing. `FUZZ_RUNS` sets
 * the cases per route (`npm run test:fuzz`: 10,000).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const ADMIN = 'fuzz-admin-key';
const writes = { count: 0 };

function fuzzDeps(): Deps {
  const table = createTableRef({ tableName: inject('tableName'), region: 'local', endpoint: inject('dynamodbEndpoint') });
  table.raw.middlewareStack.add(
    (next, context) => async (args) => {
      if (/Put|Update|Delete|TransactWrite|BatchWrite/.test(context.commandName ?? '')) writes.count += 1;
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low' },
  );
  const config = loadConfig({ STAGE: 'test', TABLE_NAME: inject('tableName'), LOG_LEVEL: 'silent', BOOTSTRAP_ADMIN_KEY: ADMIN, ...inject('wechatPayEnv') });
  return createDepsWithPayments(config, { store: createStore(table), log: createLogger('silent'), reactions: inlineDepsReactions });
}

/** serverless.yml's HTTP routes with the handler each runs. */
async function handlersByRoute(): Promise<Map<string, HttpHandler>> {
  const doc = parse(readFileSync(path.join(repoRoot, 'serverless.yml'), 'utf8')) as { functions: Record<string, { handler: string; events?: { httpApi?: { method: string; path: string } }[] }> };
  const out = new Map<string, HttpHandler>();
  for (const fn of Object.values(doc.functions)) {
    const http = fn.events?.find((event) => event.httpApi)?.httpApi;
    if (!http) continue;
    const [file, name] = [fn.handler.slice(0, fn.handler.lastIndexOf('.')), fn.handler.slice(fn.handler.lastIndexOf('.') + 1)];
    const module = (await import(path.join(repoRoot, `${file}.ts`))) as Record<string, HttpHandler>;
    out.set(`${http.method.toLowerCase()} ${http.path}`, module[name]!);
  }
  return out;
}

/** Valid-looking bodies to mutate, per route: random input alone rarely gets past the first check. */
const SEEDS: Record<string, unknown[]> = {
  'post /v1/auth/login': [{ code: 'local:fuzz-user' }],
  'post /v1/bindings': [{ scene: 'q=AAAAAAAAAAAAAAAA' }, { scene: 'm=E-1' }],
  'post /v1/admin/tariffs': [
    { name: 'f', utility: 'electricity', kind: 'flat', price: '0.60' },
    { name: 't', utility: 'electricity', kind: 'tiered', cycle: 'month', tiers: [{ upTo: 100, price: '0.5' }, { upTo: null, price: '0.8' }] },
    { name: 'u', utility: 'electricity', kind: 'tou', periods: { peak: '0.9', valley: '0.3' }, schedule: [{ from: '08:00', to: '22:00', period: 'peak' }, { from: '22:00', to: '08:00', period: 'valley' }] },
  ],
  'post /v1/admin/meters': [{ id: 'FZ-1', utility: 'electricity', protocol: 'dlt645', address: '123456789012', platform: 'ctwing', deviceId: 'fz-1', tariffId: 'none' }],
  'post /v1/admin/meters/{meterId}/payments': [{ amountFen: 100, method: 'cash' }, { amountFen: 100, method: 'bank_transfer', reference: 'r' }],
  'post /v1/admin/meters/{meterId}/readings': [{ value: 1000, unit: 'Wh', at: '2026-11-21T08:00:00+08:00' }],
  'post /v1/admin/meters/{meterId}/commands': [{ action: 'cut', reason: 'fuzz' }],
  'post /v1/admin/meters/{meterId}/adjustments': [{ amountFen: -100, reason: 'fuzz' }],
  'post /v1/recharges': [{ meterId: 'E-1', amountFen: 100 }],
  'post /v1/refund-requests': [{ meterId: 'E-1', amountFen: 100, reason: 'fuzz' }],
  'post /v1/admin/refund-requests/{requestId}/approve': [{ method: 'cash' }],
  'post /v1/admin/refund-requests/{requestId}/reject': [{ reason: 'no' }],
  'post /v1/webhooks/ctwing': [{ messageType: 'dataReport', deviceId: 'fz', timestamp: 1_763_683_200_000, payload: { APPdata: 'aBY=' } }],
  'post /v1/webhooks/iotda': [{ resource: 'device.property', notify_data: { header: { device_id: 'fz' }, body: { services: [] } } }],
  'post /v1/webhooks/onenet': [{ msg: { type: 1, dev_id: 'fz', at: 1, value: '6816' }, msg_signature: 'x', nonce: 'n' }],
};

/** Replaces one leaf of a JSON value with something hostile. */
const hostile = fc.oneof(
  fc.constantFrom(null, true, -1, 0, 1e308, -1e308, 2 ** 53, 9_000_000_000_000_000, 1.5, '', ' ', 'x'.repeat(5000), '\u0000', '<script>', '../../', '%00', '2199-01-01T00:00:00Z', 'NaN', [], {}),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
);
function mutate(value: unknown, choice: number, replacement: unknown): unknown {
  if (value === null || typeof value !== 'object') return replacement;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return replacement;
  const [key, inner] = entries[choice % entries.length]!;
  const copy: Record<string, unknown> = Array.isArray(value) ? [...value] as never : { ...(value as Record<string, unknown>) };
  copy[key] = choice % 3 === 0 ? replacement : mutate(inner, Math.floor(choice / 3), replacement);
  return copy;
}

const bodyFor = (route: string) =>
  fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 200 }),
    ...(SEEDS[route] ?? [{}]).map((seed) => fc.tuple(fc.nat(), hostile).map(([choice, replacement]) => JSON.stringify(mutate(seed, choice, replacement)))),
  );

const paramValue = fc.oneof(fc.constantFrom('E-1', 'nope', 'x'.repeat(300), '', '%2F..%2F', 'a b', '😀'), fc.string({ maxLength: 80 }));
const queryFor = fc.dictionary(fc.constantFrom('limit', 'cursor', 'token', 'status', 'msg', 'nonce', 'signature', 'x'), fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('0', '-1', '101', 'local-ctwing-token', 'pending', 'abc')), { maxKeys: 4 });
const auth = fc.constantFrom<Record<string, string>>({ authorization: `Bearer ${ADMIN}` }, {}, { authorization: 'Bearer nope' }, { authorization: `Bearer ${ADMIN}`, 'idempotency-key': 'k'.repeat(200) });

describe('every route under random and mutated input', () => {
  let handlers: Map<string, HttpHandler>;
  let deps: Deps;
  beforeAll(async () => {
    handlers = await handlersByRoute();
    deps = fuzzDeps();
  });

  for (const route of ROUTES) {
    const key = `${route.method} ${route.path}`;
    it(`${key}: only 2xx and 4xx, and nothing written for what is refused`, async () => {
      const handler = handlers.get(key)!.withDeps(() => deps);
      const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      await fc.assert(
        fc.asyncProperty(bodyFor(key), fc.array(paramValue, { minLength: params.length, maxLength: params.length }), queryFor, auth, async (body, values, query, headers) => {
          const before = writes.count;
          const answer = await handler({
            routeKey: `${route.method.toUpperCase()} ${route.path}`,
            rawPath: route.path,
            requestContext: { requestId: 'fuzz' },
            headers: { 'content-type': 'application/json', ...headers },
            pathParameters: Object.fromEntries(params.map((name, i) => [name, values[i]!])),
            queryStringParameters: query,
            body,
            isBase64Encoded: false,
          } as never);
          expect(answer.statusCode, `${key} answered ${answer.statusCode}: ${answer.body.slice(0, 300)}`).toBeLessThan(500);
          if (answer.statusCode >= 400) expect(writes.count - before, `${key} wrote on a ${answer.statusCode}: ${answer.body.slice(0, 200)}`).toBe(0);
        }),
        { numRuns: RUNS },
      );
    }, 600_000);
  }
});
