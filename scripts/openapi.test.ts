import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOpenApi, OPENAPI_FILE } from './openapi';

describe('openapi.json', () => {
  it('is the document the schemas generate (run `npm run openapi` after changing the API)', () => {
    expect(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'))).toEqual(buildOpenApi('0.1.0'));
  });

  it('documents the contract routes with integer fen amounts', () => {
    const doc = buildOpenApi('0.1.0') as { paths: Record<string, Record<string, { responses: Record<string, { content: { 'application/json': { schema: { properties: Record<string, { type: string }> } } } }> }>> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/health', '/v1/auth/login', '/v1/meters/{meterId}']));
    const meter = doc.paths['/v1/meters/{meterId}']!.get!.responses['200']!.content['application/json'].schema;
    expect(meter.properties.balanceFen!.type).toBe('integer');
  });
});

describe('the tariff body', () => {
  it('is documented whole: flat, tiered and time-of-use, each strict, with its refusal code', () => {
    const doc = buildOpenApi('0.1.0') as { paths: Record<string, Record<string, { requestBody: { content: { 'application/json': { schema: Record<string, unknown> } } } }>> };
    const body = doc.paths['/v1/admin/tariffs']!.post!.requestBody.content['application/json'].schema as { oneOf: { properties: Record<string, { const?: string }>; additionalProperties: boolean; required: string[] }[]; 'x-error-code': string };
    expect(body.oneOf.map((variant) => variant.properties.kind!.const)).toEqual(['flat', 'tiered', 'tou']);
    expect(body.oneOf.every((variant) => variant.additionalProperties === false)).toBe(true);
    expect(body.oneOf[1]!.properties).toHaveProperty('tiers');
    expect(body.oneOf[2]!.properties).toEqual(expect.objectContaining({ periods: expect.anything(), schedule: expect.anything(), seasons: expect.anything() }));
    expect(body['x-error-code']).toBe('tariff.invalid');
    const version = doc.paths['/v1/admin/tariffs/{tariffId}/versions']!.post!.requestBody.content['application/json'].schema as { oneOf: { required: string[] }[] };
    expect(version.oneOf.every((variant) => variant.required.includes('effectiveFrom'))).toBe(true);
  });
});

describe('serverless.yml and the documented routes', () => {
  it('declare the same routes', async () => {
    const { parse } = await import('yaml');
    const { ROUTES } = await import('../shared/src/api');
    const doc = parse(readFileSync(new URL('../serverless.yml', import.meta.url), 'utf8')) as {
      functions: Record<string, { events?: { httpApi?: { method: string; path: string } }[] }>;
    };
    const deployed = Object.values(doc.functions)
      .flatMap((fn) => (fn.events ?? []).flatMap((event) => (event.httpApi ? [`${event.httpApi.method.toLowerCase()} ${event.httpApi.path}`] : [])))
      .sort();
    expect(deployed).toEqual(ROUTES.map((route) => `${route.method} ${route.path}`).sort());
  });
});

describe('handlers and the documented routes', () => {
  it('each function of serverless.yml serves its event with the route declared for it (its auth and schemas come from that declaration)', async () => {
    const { parse } = await import('yaml');
    const { ROUTES } = await import('../shared/src/api');
    const doc = parse(readFileSync(new URL('../serverless.yml', import.meta.url), 'utf8')) as {
      functions: Record<string, { handler: string; events?: { httpApi?: { method: string; path: string } }[] }>;
    };
    const found: string[] = [];
    for (const fn of Object.values(doc.functions)) {
      const event = (fn.events ?? []).find((e) => e.httpApi)?.httpApi;
      if (!event) continue;
      const [file, name] = [fn.handler.slice(0, fn.handler.lastIndexOf('.')), fn.handler.slice(fn.handler.lastIndexOf('.') + 1)];
      const module = (await import(/* @vite-ignore */ new URL(`../${file}.ts`, import.meta.url).href)) as Record<string, { spec?: { key?: string; auth: unknown } }>;
      const key = `${event.method.toUpperCase()} ${event.path}`;
      // The handler's spec is the declaration itself, not a copy that could say otherwise.
      expect(module[name]?.spec?.key, `${fn.handler} serves ${key}`).toBe(key);
      const declaredRoute = ROUTES.find((route) => `${route.method.toUpperCase()} ${route.path}` === key)!;
      expect(module[name]!.spec!.auth).toEqual(declaredRoute.auth === null ? 'public' : declaredRoute.auth.length === 1 && declaredRoute.auth[0] === 'user' ? 'user' : declaredRoute.auth);
      found.push(key);
    }
    expect(found.sort()).toEqual(ROUTES.map((route) => `${route.method.toUpperCase()} ${route.path}`).sort());
  });
});
