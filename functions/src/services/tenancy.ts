import { AppError, notFound, type MoveInRequest, type MoveOutRequest } from '@prepaid/shared';
import type { Deps } from '../deps';
import type { Principal } from '../http/types';
import { adjust } from './adjustments';
import { actorOf } from './audit';
import { processReading } from './billing';
import { bindingCodeOf, rotateBindingCode } from './binding-codes';
import { requestRefund } from './refunds';

/**
 * `POST /v1/admin/meters/{meterId}/move-out`: settles a tenancy. The final
 * reading (entered, else the last one reported) is billed; what is left on
 * the wallet becomes a refund request on the tenant's behalf, decided like
 * any other by another member of staff (to WeChat where the tenant paid by
 * WeChat payments made before the move-out, else cash); a negative balance
 * is what the tenant owes. Until that settlement is decided the money stays on
 * the wallet (CONTRACT: debited when approved), so the meter takes no new
 * tenant: move-in answers 409 and its new code binds no one. Every tenant is
 * unbound and the QR code is rotated, so the old sticker binds no one. Safe
 * to run again: nothing is refunded twice (the open settlement is answered
 * again) and there is no one left to unbind.
 */
export async function moveOut(deps: Deps, principal: Principal, meterId: string, body: MoveOutRequest) {
  const operator = actorOf(principal);
  if (body.finalReading) {
    await processReading(deps, meterId, { ...body.finalReading, at: new Date(body.finalReading.at), source: `manual:${operator}`, enteredByHand: true });
  }
  const state = await deps.store.meters.loadState(meterId);
  if (!state) throw notFound('meter.not_found', `No meter "${meterId}"`);
  const { wallet } = state;
  const refundableFen = wallet.balanceFen - wallet.pendingRefundFen;
  const open = await deps.store.refunds.openSettlement(meterId);
  // One settlement at a time: run again, the open one is answered (money paid in since stays for the decision's approver to see).
  const refundRequest =
    refundableFen > 0 && !open
      ? {
          ...(await requestRefund(deps, principal, { meterId, amountFen: refundableFen, reason: body.note ? `退租结算：${body.note}` : '退租结算' }, { settlementOf: deps.clock.now().toISOString() })),
          amountFen: refundableFen,
        }
      : open;
  const tenants = await deps.store.meters.tenantsOf(meterId);
  for (const tenant of tenants) await deps.store.meters.unbind(tenant.openid, meterId);
  const { scene } = await rotateBindingCode(deps, meterId);
  const unit = state.meter.utility === 'electricity' ? ('Wh' as const) : ('L' as const);
  return {
    meterId,
    finalReading: wallet.lastReading ? { value: wallet.lastReading.value, unit, at: wallet.lastReading.at } : null,
    balanceFen: wallet.balanceFen,
    refundRequest: refundRequest ? { id: refundRequest.id, amountFen: refundRequest.amountFen } : null,
    owedFen: Math.max(0, -wallet.balanceFen),
    unbound: tenants.map((tenant) => tenant.openid),
    scene,
  };
}

/**
 * `POST /v1/admin/meters/{meterId}/move-in`: a new tenancy from `at` (now
 * unless given, never in the future; not while the last tenant's settlement is undecided): the tier thresholds of the cycle it
 * starts in are pro-rated from it by the billing, and an opening credit, if
 * any, is posted once (the same move-in again does not credit twice).
 */
export async function moveIn(deps: Deps, principal: Principal, meterId: string, body: MoveInRequest) {
  const now = deps.clock.now();
  const at = body.at ? new Date(body.at) : now;
  if (at.getTime() > now.getTime() + 60_000) throw new AppError('tenancy.future', 400, 'A tenancy cannot start in the future', { details: { field: 'body.at' } });
  const settling = await deps.store.refunds.openSettlement(meterId);
  if (settling) {
    throw new AppError('tenancy.settlement_pending', 409, 'Decide the last tenant’s settlement refund first: their money is still on the wallet', {
      details: { refundRequestId: settling.id, amountFen: settling.amountFen },
    });
  }
  const tenancyStart = at.toISOString();
  await deps.store.meters.setTenancyStart(meterId, tenancyStart);
  if (body.openingCreditFen) {
    await adjust(deps, principal, meterId, { amountFen: body.openingCreditFen, reason: body.note ? `入住预存：${body.note}` : '入住预存' }, `move-in:${tenancyStart}`);
  }
  const state = await deps.store.meters.loadState(meterId);
  const { scene } = await bindingCodeOf(deps, meterId);
  return { meterId, tenancyStart, balanceFen: state?.wallet.balanceFen ?? 0, scene };
}
