/**
 * Generates openapi.json from the API schemas (shared/src/api). `npm run
 * openapi` rewrites it; a unit test fails when the committed file drifts.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ErrorResponse, ROUTES, type RouteDoc } from '../shared/src/api';
import * as z from 'zod';
import { repoRoot } from './lib/here';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' });

function operation(route: RouteDoc): Record<string, unknown> {
  const errors = Object.fromEntries(
    route.errors.map((status) => [String(status), { description: 'Error', content: { 'application/json': { schema: json(ErrorResponse) } } }]),
  );
  return {
    summary: route.summary,
    ...(route.auth ? { security: [{ bearer: [] }], 'x-roles': route.auth } : {}),
    ...(route.params || route.query
      ? {
          parameters: [
            ...Object.entries(route.params ?? {}).map(([name, schema]) => ({ name, in: 'path', required: true, schema: json(schema) })),
            ...Object.entries(route.query?.shape ?? {}).map(([name, schema]) => ({ name, in: 'query', required: false, schema: json(schema as z.ZodType) })),
          ],
        }
      : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: json(route.body) } } } } : {}),
    responses: {
      [String(route.response.status)]: { description: 'OK', content: { 'application/json': { schema: json(route.response.schema) } } },
      ...errors,
      '500': { description: 'Internal error (the body carries only a request id)', content: { 'application/json': { schema: json(ErrorResponse) } } },
    },
  };
}

export function buildOpenApi(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) (paths[route.path] ??= {})[route.method] = operation(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Prepaid meters API',
      version,
      description: 'Money is integer fen (fields ending Fen); quantities are Wh or L; times are ISO 8601. See CONTRACT.md.',
    },
    servers: [{ url: 'http://127.0.0.1:3000', description: 'local (npm start)' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}

export const OPENAPI_FILE = path.join(repoRoot, 'openapi.json');

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  writeFileSync(OPENAPI_FILE, `${JSON.stringify(buildOpenApi('0.1.0'), null, 2)}\n`);
  console.log(`wrote ${OPENAPI_FILE}`);
}
