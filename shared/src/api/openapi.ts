import * as z from 'zod';
import { ErrorResponse } from './schemas';
import { ROUTES, type RouteDoc } from './routes';

/**
 * The OpenAPI 3.1 document of every route, generated from the schemas that
 * validate the requests (`ROUTES`): served at `GET /v1/openapi.json` and
 * written to `openapi.json` by `npm run openapi`.
 */
const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' });

function operation(route: RouteDoc): Record<string, unknown> {
  const errors = Object.fromEntries(
    route.errors.map((status) => [String(status), { description: 'Error', content: { 'application/json': { schema: json(ErrorResponse) } } }]),
  );
  return {
    summary: route.summary,
    // Staff routes take a signed API key as well as a session.
    ...(route.auth ? { security: route.auth.some((role) => role === 'manager' || role === 'admin') ? [{ bearer: [] }, { signedKey: [] }] : [{ bearer: [] }], 'x-roles': route.auth } : {}),
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
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        signedKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'With X-Timestamp, X-Nonce and X-Signature (HMAC-SHA256; see POST /v1/admin/api-keys).' },
      },
    },
    paths,
  };
}

