import { AppError } from '@prepaid/shared';
import type { Deps } from '../../deps';
import { WechatPayError } from '../../adapters/wechatpay';
import { WalletUpdateRefused, transactWallet, type RefundPart, type RefundRequest } from '../../store';
import { afterPosting } from '../after-posting';

/** WeChat's word on one refund: from the refund call, a query, or a notification. */
export type WechatRefundState = 'SUCCESS' | 'PROCESSING' | 'CLOSED' | 'ABNORMAL';

/** How long one attempt holds a part: far longer than a WeChat call may take (its transport gives up after 8 s). */
export const PART_LEASE_MS = 60_000;

/**
 * Asks WeChat to pay one part out, under the part's lease (see `leasePart`):
 * nothing happens when another attempt holds it or the part is final.
 */
export async function sendPart(deps: Deps, request: RefundRequest, part: RefundPart): Promise<void> {
  if (await deps.store.refunds.leasePart(part.outRefundNo, deps.clock.now().toISOString(), PART_LEASE_MS)) await sendLeased(deps, request, part);
}

/**
 * Asks WeChat to pay one part out; the caller holds the part's lease. The
 * same `out_refund_no` refunds once, so this is safe to repeat. Only WeChat's
 * word settles the part: SUCCESS pays it, CLOSED/ABNORMAL or a definite
 * refusal (a 4xx other than a rate limit) fails it and puts its money back
 * on the wallet; anything else (a timeout, a 5xx, an answer whose signature
 * does not verify) leaves it `requested`, outcome unknown, for the sweep to query.
 */
export async function sendLeased(deps: Deps, request: RefundRequest, part: RefundPart): Promise<void> {
  const at = deps.clock.now().toISOString();
  try {
    const answer = await deps.payments.refund({
      outTradeNo: part.outTradeNo,
      outRefundNo: part.outRefundNo,
      reason: request.reason.slice(0, 80),
      refundFen: part.fen,
      totalFen: part.totalFen ?? part.fen,
      notifyUrl: deps.config.payments.notifyUrl,
    });
    await applyWechatState(deps, request, part, answer.status, answer.refundId, 'refund call');
  } catch (error) {
    if (isDefiniteRefusal(error)) {
      await failPart(deps, request, part, `WeChat refused the refund: ${(error as Error).message}`);
      return;
    }
    deps.log.warn({ err: error, outRefundNo: part.outRefundNo }, 'refund outcome unknown; the refund sweep will ask WeChat');
    await deps.store.refunds.notePart(part.outRefundNo, { status: 'requested', at, detail: `outcome unknown: ${(error as Error).message}` });
  }
}

/** A refusal WeChat gave before doing anything: our own validation, or a 4xx answer other than a rate limit. */
export function isDefiniteRefusal(error: unknown): boolean {
  if (!(error instanceof WechatPayError)) return false;
  if (error.httpStatus === undefined) return error.code === 'wechatpay.invalid_request';
  return error.httpStatus >= 400 && error.httpStatus < 500 && error.httpStatus !== 429 && error.wechatCode !== 'FREQUENCY_LIMITED';
}

/** Moves a part on by what WeChat says of it. */
export async function applyWechatState(deps: Deps, request: RefundRequest, part: RefundPart, state: WechatRefundState, refundId: string, source: string): Promise<void> {
  const at = deps.clock.now().toISOString();
  if (state === 'SUCCESS') {
    if (!(await deps.store.refunds.succeedPart(part.outRefundNo, refundId, at))) await checkSettledAs(deps, request, part, 'succeeded', source);
  } else if (state === 'PROCESSING') {
    await deps.store.refunds.notePart(part.outRefundNo, { status: 'processing', at, detail: `${source}: PROCESSING`, refundId });
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
 * part already final (paid, or failed by a concurrent caller) changes nothing.
 */
export async function failPart(deps: Deps, request: RefundRequest, part: RefundPart, why: string): Promise<void> {
  const now = deps.clock.now().toISOString();
  let posted;
  try {
    posted = await transactWallet(deps.store.table, request.meterId, deps.store.refunds.failureGuard(part.outRefundNo), () => ({
      deltaFen: part.fen,
      entry: { id: deps.ids.next(), kind: 'reversal', amountFen: part.fen, at: now, reason: `refund ${part.outRefundNo} failed: ${why}`.slice(0, 200), operator: 'system' },
      updates: [deps.store.refunds.failPartUpdate(part.outRefundNo, why), deps.store.payments.releaseRefundUpdate(request.meterId, part.paidAt, part.outTradeNo, part.fen)],
      result: { outRefundNo: part.outRefundNo },
    }));
  } catch (error) {
    if (error instanceof WalletUpdateRefused) return; // already final: paid, or failed and credited by another caller
    throw error;
  }
  if (posted.duplicate) return;
  await deps.store.alarms.raise({
    meterId: request.meterId,
    kind: 'refund_failed',
    severity: 'critical',
    message: '微信退款失败，款项已退回余额，请改用现金退款',
    details: { requestId: request.id, outRefundNo: part.outRefundNo, fen: part.fen, why: why.slice(0, 100) },
    raisedAt: now,
  });
  const meter = await deps.store.meters.get(request.meterId);
  if (meter) await afterPosting(deps, meter, posted.balanceAfterFen);
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
