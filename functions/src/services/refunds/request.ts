import { AppError, assertAmountFen } from '@prepaid/shared';
import type { Deps } from '../../deps';
import type { Principal } from '../../http/types';
import { transactWallet, type RefundRequest } from '../../store';
import { assertCanRead } from '../meters';
import { operatorOf } from '../payments';

/**
 * `POST /v1/refund-requests`: a tenant asks for money back. The request and
 * the promise on the wallet (`pendingRefundFen`) are one transaction, so two
 * requests can never promise more than the balance together.
 */
export async function requestRefund(deps: Deps, principal: Principal, body: { meterId: string; amountFen: number; reason: string }) {
  assertAmountFen(body.amountFen, { max: deps.config.maxAmountFen, field: 'body.amountFen' });
  await assertCanRead(deps.store, principal, body.meterId);
  const request: RefundRequest = {
    id: deps.ids.next(),
    meterId: body.meterId,
    requestedBy: operatorOf(principal),
    amountFen: body.amountFen,
    reason: body.reason,
    status: 'pending',
    createdAt: deps.clock.now().toISOString(),
    parts: [],
  };
  const { refunds } = deps.store;
  const outcome = await transactWallet(deps.store.table, body.meterId, { key: refunds.key(request.id), item: refunds.newItem(request) }, (wallet) => {
    const availableFen = wallet.balanceFen - wallet.pendingRefundFen;
    if (body.amountFen > availableFen) {
      throw new AppError('refund.exceeds_balance', 400, `At most ${Math.max(0, availableFen)} fen can be refunded`, { details: { field: 'body.amountFen', availableFen: Math.max(0, availableFen) } });
    }
    return { deltaFen: 0, state: { pendingRefundFen: wallet.pendingRefundFen + body.amountFen }, result: { id: request.id, status: 'pending' as const } };
  });
  return outcome.result;
}
