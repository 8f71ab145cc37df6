import { AppError, assertAmountFen, notFound } from '@prepaid/shared';
import type { Deps } from '../../deps';
import type { Principal } from '../../http/types';
import { transactWallet, type RefundRequest } from '../../store';
import { assertCanRead } from '../meters';
import { operatorOf } from '../payments';

/**
 * `POST /v1/refund-requests`: a tenant asks for money back. The request and
 * the promise on the wallet (`pendingRefundFen`) are one transaction, so two
 * requests can never promise more than the balance together. A move-out's
 * settlement (`settlementOf`) is also named on the meter, which takes no new
 * tenant until it is decided.
 */
export async function requestRefund(deps: Deps, principal: Principal, body: { meterId: string; amountFen: number; reason: string }, options: { settlementOf?: string } = {}) {
  assertAmountFen(body.amountFen, { max: deps.config.maxAmountFen, field: 'body.amountFen' });
  await assertCanRead(deps.store, principal, body.meterId);
  // Money sent to a meter that keeps its own balance is on the meter: the platform cannot take it back to refund it.
  if ((await deps.store.meters.get(body.meterId))?.billing === 'meter') {
    throw new AppError('refund.meter_side', 400, 'This meter keeps its own balance: a refund is settled at the meter by the property office', { details: { field: 'body.meterId' } });
  }
  const request: RefundRequest = {
    id: deps.ids.next(),
    meterId: body.meterId,
    requestedBy: operatorOf(principal),
    amountFen: body.amountFen,
    reason: body.reason,
    status: 'pending',
    createdAt: deps.clock.now().toISOString(),
    parts: [],
    ...(options.settlementOf ? { settlementOf: options.settlementOf } : {}),
  };
  const { refunds } = deps.store;
  const outcome = await transactWallet(deps.store.table, body.meterId, { key: refunds.key(request.id), item: refunds.newItem(request) }, (wallet) => {
    const availableFen = wallet.balanceFen - wallet.pendingRefundFen;
    if (body.amountFen > availableFen) {
      throw new AppError('refund.exceeds_balance', 400, `At most ${Math.max(0, availableFen)} fen can be refunded`, { details: { field: 'body.amountFen', availableFen: Math.max(0, availableFen) } });
    }
    return { deltaFen: 0, state: { pendingRefundFen: wallet.pendingRefundFen + body.amountFen }, puts: [refunds.meterPointer(request), ...(request.settlementOf ? [refunds.settlementPointer(request)] : [])], result: { id: request.id, status: 'pending' as const } };
  });
  return outcome.result;
}

/** A request as its tenant sees it: amounts, status, the decision's note and time; not who on the staff decided. */
const tenantView = (request: RefundRequest) => ({
  id: request.id,
  meterId: request.meterId,
  amountFen: request.amountFen,
  reason: request.reason,
  status: request.status,
  createdAt: request.createdAt,
  ...(request.approvedFen !== undefined ? { approvedFen: request.approvedFen } : {}),
  ...(request.decidedAt ? { decidedAt: request.decidedAt } : {}),
  ...(request.decisionNote && request.status === 'rejected' ? { decisionNote: request.decisionNote } : {}),
});

/**
 * `GET /v1/meters/{id}/refund-requests`: the meter's requests, newest first,
 * and what may still be asked for (the balance less what is pending).
 */
export async function listMeterRefunds(deps: Deps, principal: Principal, meterId: string, page: { limit: number; cursor?: string }) {
  await assertCanRead(deps.store, principal, meterId);
  const [state, { items, next }] = await Promise.all([deps.store.meters.loadState(meterId), deps.store.refunds.listForMeter(meterId, page)]);
  if (!state) throw notFound('meter.not_found', `No meter "${meterId}"`);
  return { items: items.map(tenantView), next, refundableFen: Math.max(0, state.wallet.balanceFen - state.wallet.pendingRefundFen) };
}
