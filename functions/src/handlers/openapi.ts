// Imported by path, not through the package's index: the mini-program, which imports the index, never carries the document's builder.
import { buildOpenApi } from '../../../shared/src/api/openapi';
import { declared, route } from '../http';

let document: Record<string, unknown> | undefined;

/** `GET /v1/openapi.json` (anyone): the OpenAPI 3.1 document of every route, generated from the schemas that validate the requests. */
export const get = route(declared('GET /v1/openapi.json'), async (_request, deps) => {
  document ??= buildOpenApi(deps.config.version);
  return { status: 200, body: document, headers: { 'cache-control': 'public, max-age=300' } };
});
