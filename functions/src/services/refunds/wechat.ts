import { AppError } from '@prepaid/shared';
import type { Deps } from '../../deps';
import { WechatPayError } from '../../adapters/wechatpay/errors';
import { WalletUpdateRefused, transactWallet, type RefundPart, type RefundRequest } from '../../store';

/** WeChat's word on one refund: from the refund call, a query, or a notification. */
export type WechatRefundState = 'SUCCESS' | 'PROCESSING' | 'CLOSED' | 'ABNORMAL';

/** How long one attempt holds a part: far longer than a WeChat call may take (its transport gives up after 8 s). */
export const PART_LEASE_MS = 60_000;
/** After a call whose outcome is unknown, the part stays leased this long: the call may still be on its way to WeChat. */
const UNKNOWN_SETTLE_MS = 60_000;

/** An attempt's hold on a part (see `leasePart`): only its holder may ask WeChat to pay the part. */
export interface PartLease {
  readonly token: string;
}

/** Takes the part's lease, or null when another attempt holds it or the part is final. */
export async function leasePart(deps: Deps, part: RefundPart): Promise<PartLease | null> {
  const token = deps.ids.next();
  return (await deps.store.refunds.leasePart(part.outRefundNo, token, deps.clock.now().toISOString(), PART_LEASE_MS)) ? { token } : null;
}

/** Asks WeChat to pay one part out, under the part's lease: nothing happens when another attempt holds it or the part is final. */
export async function sendPart(deps: Deps, request: RefundRequest, part: RefundPart): Promise<void> {
  const lease = await leasePart(deps, part);
  if (lease) await sendLeased(deps, request, part, lease);
}

/**
 * Asks WeChat to pay one part out; the caller holds the part's lease. The
 * same `out_refund_no` refunds once, so this is safe to repeat. Only WeChat's
 * word settles the part: SUCCESS pays it, CLOSED/ABNORMAL or a definite
 * refusal fails it and puts its money back on the wallet; anything else (a
 * timeout, a 5xx, an answer whose signature does not verify) leaves it
 * `requested`, outcome unknown, leased a while longer, for the sweep to query.
 */
export async function sendLeased(deps: Deps, request: RefundRequest, part: RefundPart, lease: PartLease): Promise<void> {
  try {
    const answer = await deps.payments.refund({
      outTradeNo: part.outTradeNo,
      outRefundNo: part.outRefundNo,
      reason: request.reason.slice(0, 80),
      refundFen: part.fen,
      totalFen: part.totalFen ?? part.fen,
      notifyUrl: deps.config.payments.notifyUrl,
    });
    await applyWechatState(deps, request, part, answer.status, answer.refundId, 'refund call', lease);
  } catch (error) {
    if (isDefiniteRefusal(error)) {
      await failPart(deps, request, part, `WeChat refused the refund: ${(error as Error).message}`, lease);
      return;
    }
    deps.log.warn({ err: error, outRefundNo: part.outRefundNo }, 'refund outcome unknown; the refund sweep will ask WeChat');
    const leaseUntil = new Date(deps.clock.now().getTime() + UNKNOWN_SETTLE_MS).toISOString();
    await deps.store.refunds.notePart(part.outRefundNo, lease.token, { status: 'requested', leaseUntil, detail: `outcome unknown: ${(error as Error).message}` });
  }
}

/**
 * WeChat's error codes that mean "no refund was made, and this call will not
 * make one" (PROTOCOLS.md, refunds). Rate limits and system errors are not
 * among them: WeChat may still act on such a call.
 */
const REFUSAL_CODES: ReadonlySet<string> = new Set(['PARAM_ERROR', 'INVALID_REQUEST', 'SIGN_ERROR', 'NO_AUTH', 'NOT_ENOUGH', 'USER_ACCOUNT_ABNORMAL', 'MCH_NOT_EXISTS', 'RESOURCE_NOT_EXISTS']);

/**
 * A refusal WeChat gave before doing anything: our own validation (nothing
 * was sent), or a 4xx answer carrying WeChat's valid signature and one of its
 * refusal codes. Anything else (a proxy's 4xx page, a 408, an unsigned or
 * unknown answer) may hide an accepted refund, so it is not definite.
 */
export function isDefiniteRefusal(error: unknown): boolean {
  if (!(error instanceof WechatPayError)) return false;
  if (error.httpStatus === undefined) return error.code === 'wechatpay.invalid_request';
  return error.answerVerified && error.httpStatus >= 400 && error.httpStatus < 500 && error.wechatCode !== undefined && REFUSAL_CODES.has(error.wechatCode);
}

/**
 * Moves a part on by what WeChat says of it (a call's or a query's answer
 * under `lease`, or a notification without one). SUCCESS, CLOSED and
 * ABNORMAL are WeChat's final word for that refund number and need no lease;
 * PROCESSING is noted, and gives the lease back, by its holder only.
 */
export async function applyWechatState(deps: Deps, request: RefundRequest, part: RefundPart, state: WechatRefundState, refundId: string, source: string, lease?: PartLease): Promise<void> {
  const at = deps.clock.now().toISOString();
  if (state === 'SUCCESS') {
    if (!(await deps.store.refunds.succeedPart(part.outRefundNo, refundId, at))) await checkSettledAs(deps, request, part, 'succeeded', source);
  } else if (state === 'PROCESSING') {
    if (lease) await deps.store.refunds.notePart(part.outRefundNo, lease.token, { status: 'processing', leaseUntil: at, detail: `${source}: PROCESSING`, refundId });
  } else {
    await failPart(deps, request, part, `WeChat reported ${state} (${source})`);
  }
}

/**
 * A final word on a part that was already final: harmless when it agrees. A
 * SUCCESS on a part already failed means the tenant was paid twice (the
 * wallet was credited back): that cannot be undone here, so a manager is told.
 */
async function checkSettledAs(deps: Deps, request: RefundRequest, part: RefundPart, state: 'succeeded', source: string): Promise<void> {
  const stored = await deps.store.refunds.part(part.outRefundNo);
  if (!stored || stored.status === state) return;
  deps.log.error({ outRefundNo: part.outRefundNo, stored: stored.status, source }, 'WeChat paid a refund part that was already failed and credited back');
  await deps.store.alarms.raise({
    meterId: request.meterId,
    kind: 'refund_conflict',
    severity: 'critical',
    message: '微信退款已成功，但该笔款项此前已退回余额：请核对并冲正',
    details: { requestId: request.id, outRefundNo: part.outRefundNo, fen: part.fen, source },
    raisedAt: deps.clock.now().toISOString(),
  });
}

/**
 * A part that will not reach the tenant: in one transaction the part fails,
 * its money goes back on the wallet (a `reversal`) and its reservation on the
 * payment is released; then a manager is told to refund it another way. A
 * definite refusal fails it only under the lease of the attempt that got it
 * (`lease`); a part already final, or leased by another attempt, changes nothing.
 */
export async function failPart(deps: Deps, request: RefundRequest, part: RefundPart, why: string, lease?: PartLease): Promise<void> {
  const now = deps.clock.now().toISOString();
  let posted;
  try {
    posted = await transactWallet(deps.store.table, request.meterId, deps.store.refunds.failureGuard(part.outRefundNo), () => ({
      deltaFen: part.fen,
      entry: { id: deps.ids.next(), kind: 'reversal', amountFen: part.fen, at: now, reason: `refund ${part.outRefundNo} failed: ${why}`.slice(0, 200), operator: 'system' },
      updates: [deps.store.refunds.failPartUpdate(part.outRefundNo, why, lease?.token), deps.store.payments.releaseRefundUpdate(request.meterId, part.paidAt, part.outTradeNo, part.fen)],
      result: { outRefundNo: part.outRefundNo },
    }));
  } catch (error) {
    if (!(error instanceof WalletUpdateRefused)) throw error;
    if (error.refused.includes(0)) return; // already final (paid, or failed by another caller), or another attempt's lease
    // The payment holds no reservation for this part: the books disagree; a person must look before money moves.
    await raiseRefundAlarm(deps, request, part, 'refund_inconsistent', '退款记录与原支付不一致，未退回余额，请核查', 'the payment holds no reservation for this part');
    throw error;
  }
  if (posted.duplicate) return;
  await raiseRefundAlarm(deps, request, part, 'refund_failed', '微信退款失败，款项已退回余额，请改用现金退款', why);
  // The supply rule and alarms after the credit run after the answer (this may be WeChat's notification).
  await deps.reactions.after({ kind: 'after-posting', meterId: request.meterId, balanceFen: posted.balanceAfterFen }, deps);
}

async function raiseRefundAlarm(deps: Deps, request: RefundRequest, part: RefundPart, kind: string, message: string, why: string): Promise<void> {
  await deps.store.alarms.raise({
    meterId: request.meterId,
    kind,
    severity: 'critical',
    message,
    details: { requestId: request.id, outRefundNo: part.outRefundNo, fen: part.fen, why: why.slice(0, 100) },
    raisedAt: deps.clock.now().toISOString(),
  });
}

/** Closes a refunding request once every part is final: refunded when all were paid, failed when any was not. */
export async function updateProgress(deps: Deps, requestId: string): Promise<RefundRequest | null> {
  const request = await deps.store.refunds.get(requestId);
  if (!request || request.status !== 'refunding') return request;
  const parts = await deps.store.refunds.parts(request);
  if (parts.some((part) => part.status !== 'succeeded' && part.status !== 'failed')) return request;
  await deps.store.refunds.finish(request, parts.every((part) => part.status === 'succeeded') ? 'refunded' : 'failed', parts);
  return deps.store.refunds.get(requestId);
}

/** A REFUND.* notification (already verified): settle the part it names. */
export async function settleRefundNotification(deps: Deps, refund: { outRefundNo: string; refundId: string; status: WechatRefundState }): Promise<void> {
  const part = await deps.store.refunds.part(refund.outRefundNo);
  if (!part) throw new AppError('refund.unknown', 400, `No refund "${refund.outRefundNo}"`);
  const request = await deps.store.refunds.get(part.requestId);
  if (!request) throw new AppError('refund.unknown', 400, `No refund request for "${refund.outRefundNo}"`);
  await applyWechatState(deps, request, part, refund.status, refund.refundId, 'notification');
  await updateProgress(deps, request.id);
}
