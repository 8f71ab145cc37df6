import { idempotencyKeyOf, declared, route } from '../http';
import { adjust, receiptHtml } from '../services/adjustments';
import { assertCanRead } from '../services/meters';
// A money path: traced end to end where tracing is on (serverless.yml tracing: Active).
import '../platform/tracer';

/** `POST /v1/admin/meters/{meterId}/adjustments` → 201 `{entryId, balanceFen}`. */
export const adjustment = route(declared('POST /v1/admin/meters/{meterId}/adjustments'),
  async (request, deps) => {
    const result = await adjust(deps, request.principal, request.params.meterId, request.body, idempotencyKeyOf(request.headers));
    return { status: result.duplicate ? 200 : 201, body: result };
  },
);

/** `GET /v1/meters/{meterId}/ledger/{entryId}/receipt` → a printable HTML receipt. */
export const receipt = route(declared('GET /v1/meters/{meterId}/ledger/{entryId}/receipt'),
  async (request, deps) => {
    await assertCanRead(deps.store, request.principal, request.params.meterId);
    return {
      status: 200,
      text: await receiptHtml(deps, request.params.meterId, request.params.entryId),
      headers: { 'content-type': 'text/html; charset=utf-8' },
    };
  },
);
