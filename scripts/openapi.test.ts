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
