import { assertAmountFen, notFound, type OfflinePaymentRequest } from '@prepaid/shared';
import type { Deps } from '../deps';
import type { Principal } from '../http/types';
import { afterPosting } from './after-posting';
import { actorOf } from './audit';
import { notifyAll } from './notifications';
import { creditedNotice } from './recharges';

type PaymentDeps = Deps;

/** Who did it, for the ledger and the audit trail. */
/** Who recorded a payment: the same operator id the audit log names them by. */
export const operatorOf = actorOf;

/**
 * Records a cash or bank payment a manager received (CONTRACT: offline-payment
 * idempotency). Two requests are the same payment only when they carry the
 * same `Idempotency-Key`, or are bank transfers with the same bank serial
 * (`reference`); either key seen before with another meter, method or amount
 * is a 409. A cash `reference` is a note: without a key, every cash payment is new.
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
  // Keys are global, not per meter: the same key or bank serial on another meter must be caught, not posted twice.
  const key = idempotencyHeader
    ? `payment:key:${idempotencyHeader}`
    : body.method === 'bank_transfer' && body.reference
      ? `payment:bank:${body.reference}`
      : `payment:entry:${entryId}`;
  const posted = await deps.store.ledger.post({
    meterId,
    kind: 'recharge',
    amountFen: body.amountFen,
    idempotencyKey: key,
    fingerprint: `${meterId}|${body.method}|${body.amountFen}`,
    entryId,
    at: deps.clock.now().toISOString(),
    method: body.method,
    ...(body.reference ? { reference: body.reference } : {}),
    operator: operatorOf(principal),
  });
  if (!posted.duplicate) {
    deps.metrics.add('CreditedFen', body.amountFen);
    await afterPosting(deps, meter, posted.balanceAfterFen);
    await notifyAll(deps, meterId, [creditedNotice(posted.entryId, body.amountFen, posted.balanceAfterFen, deps.clock.now())]);
  }
  return { entryId: posted.entryId, balanceFen: posted.balanceAfterFen, duplicate: posted.duplicate };
}
