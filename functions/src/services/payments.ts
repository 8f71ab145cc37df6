import { assertAmountFen, notFound, type OfflinePaymentRequest } from '@prepaid/shared';
import type { Deps } from '../deps';
import type { Principal } from '../http/types';
import { afterPosting } from './after-posting';

type PaymentDeps = Deps;

/** Who did it, for the ledger and the audit trail. */
export const operatorOf = (principal: Principal): string =>
  principal.kind === 'user' ? `user:${principal.openid}` : `key:${principal.keyId}`;

/**
 * Records a cash or bank payment a manager received. It is idempotent on the
 * `Idempotency-Key` header, or else on the bank reference (one transfer is
 * one credit); a cash payment with neither is always a new credit.
 */
export async function recordOfflinePayment(
  deps: PaymentDeps,
  principal: Principal,
  meterId: string,
  body: OfflinePaymentRequest,
  idempotencyHeader: string | undefined,
) {
  assertAmountFen(body.amountFen, { max: deps.config.maxAmountFen, field: 'body.amountFen' });
  const meter = await deps.store.meters.get(meterId);
  if (!meter) throw notFound('meter.not_found', `No meter "${meterId}"`);
  const entryId = deps.ids.next();
  const key = idempotencyHeader
    ? `payment:${meterId}:key:${idempotencyHeader}`
    : body.reference
      ? `payment:${meterId}:${body.method}:${body.reference}`
      : `payment:${meterId}:entry:${entryId}`;
  const posted = await deps.store.ledger.post({
    meterId,
    kind: 'recharge',
    amountFen: body.amountFen,
    idempotencyKey: key,
    entryId,
    at: deps.clock.now().toISOString(),
    method: body.method,
    ...(body.reference ? { reference: body.reference } : {}),
    operator: operatorOf(principal),
  });
  if (!posted.duplicate) await afterPosting(deps, meter, posted.balanceAfterFen, { movement: 'credit' });
  return { entryId: posted.entryId, balanceFen: posted.balanceAfterFen, duplicate: posted.duplicate };
}
