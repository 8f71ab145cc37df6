import { PageQuery, RefundDecisionApprove, RefundDecisionReject, RefundRequestBody } from '@prepaid/shared';
import { z } from 'zod';
import { route } from '../http';
import { approveRefund, rejectRefund, requestRefund } from '../services/refunds';

const RequestParams = z.object({ requestId: z.string().min(1).max(64) });

/** `POST /v1/refund-requests` `{meterId, amountFen, reason}` → 201 `{id, status:'pending'}`. */
export const create = route({ auth: 'user', body: RefundRequestBody }, async (request, deps) => ({
  status: 201,
  body: await requestRefund(deps, request.principal!, request.body),
}));

/** `GET /v1/admin/refund-requests` → the pending requests, oldest first. */
export const listPending = route({ auth: ['manager', 'admin'], query: PageQuery }, async (request, deps) => ({
  status: 200,
  body: { items: await deps.store.refunds.pending(request.query.limit), next: null },
}));

/** `POST /v1/admin/refund-requests/{requestId}/approve` `{method:'wechat'|'cash', note?}`. */
export const approve = route({ auth: ['manager', 'admin'], params: RequestParams, body: RefundDecisionApprove }, async (request, deps) => ({
  status: 200,
  body: await approveRefund(deps, request.principal!, request.params.requestId, request.body),
}));

/** `POST /v1/admin/refund-requests/{requestId}/reject` `{reason}`. */
export const reject = route({ auth: ['manager', 'admin'], params: RequestParams, body: RefundDecisionReject }, async (request, deps) => ({
  status: 200,
  body: await rejectRefund(deps, request.principal!, request.params.requestId, request.body.reason),
}));
