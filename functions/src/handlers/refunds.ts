import { defaultDepsWithPayments } from '../deps-payments';
import { idempotencyKeyOf, declared, route } from '../http';
import { decideRefund, listMeterRefunds, requestRefund } from '../services/refunds';
import { keepInScope } from '../services/scope';
// A money path: traced end to end where tracing is on (serverless.yml tracing: Active).
import '../platform/tracer';

/** `POST /v1/refund-requests` `{meterId, amountFen, reason}` → 201 `{id, status:'pending'}`. */
export const create = route(declared('POST /v1/refund-requests'), async (request, deps) => ({
  status: 201,
  body: await requestRefund(deps, request.principal, request.body),
}));

/** `GET /v1/meters/{meterId}/refund-requests`: the meter's requests, newest first, and what may still be asked for. */
export const forMeter = route(declared('GET /v1/meters/{meterId}/refund-requests'), async (request, deps) => ({
  status: 200,
  body: await listMeterRefunds(deps, request.principal, request.params.meterId, request.query),
}));

/** `GET /v1/admin/refund-requests?status=&limit=&cursor=` → the requests in one status, a page at a time. */
export const list = route(declared('GET /v1/admin/refund-requests'), async (request, deps) => {
  const { status, ...page } = request.query;
  const { items, next } = await deps.store.refunds.listByStatus(status, page);
  return { status: 200, body: { items: await keepInScope(deps.store, request.principal, items, (item) => item.meterId), next } };
});

/** `POST /v1/admin/refund-requests/{requestId}/approve` `{method:'wechat'|'cash', note?}`. */
export const approve = route(declared('POST /v1/admin/refund-requests/{requestId}/approve'),
  async (request, deps) => ({ status: 200, body: await decideRefund(deps, request.principal, request.params.requestId, { action: 'approve', ...request.body }, idempotencyKeyOf(request.headers)) }),
  defaultDepsWithPayments,
);

/** `POST /v1/admin/refund-requests/{requestId}/reject` `{reason}`. */
export const reject = route(declared('POST /v1/admin/refund-requests/{requestId}/reject'),
  async (request, deps) => ({ status: 200, body: await decideRefund(deps, request.principal, request.params.requestId, { action: 'reject', reason: request.body.reason }, idempotencyKeyOf(request.headers)) }),
  defaultDepsWithPayments,
);
