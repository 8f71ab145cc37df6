import { AppError, assertAmountFen, notFound } from '@prepaid/shared';
import type { Deps } from '../deps';
import type { Principal } from '../http/types';
import { transactWallet, type RefundPart, type RefundRequest, type WechatPayment } from '../store';
import { afterPosting } from './after-posting';
import { assertCanRead } from './meters';
import { operatorOf } from './payments';

/** WeChat refunds only payments younger than a year (PROTOCOLS.md). */
const REFUNDABLE_FOR_MS = 365 * 86_400_000;

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

async function pendingRequest(deps: Deps, id: string): Promise<RefundRequest> {
  const request = await deps.store.refunds.get(id);
  if (!request) throw notFound('refund.not_found', `No refund request "${id}"`);
  if (request.status !== 'pending') throw new AppError('refund.already_decided', 409, `The request is already ${request.status}`);
  return request;
}

/** A manager rejects a request with a reason: the promised amount is released, nothing else moves. */
export async function rejectRefund(deps: Deps, principal: Principal, id: string, note: string) {
  const request = await pendingRequest(deps, id);
  const now = deps.clock.now().toISOString();
  await transactWallet(deps.store.table, request.meterId, deps.store.refunds.decisionGuard(id), (wallet) => ({
    deltaFen: 0,
    state: { pendingRefundFen: Math.max(0, wallet.pendingRefundFen - request.amountFen) },
    updates: [deps.store.refunds.decision(id, { status: 'rejected', decidedAt: now, decidedBy: operatorOf(principal), decisionNote: note })],
    result: { id, status: 'rejected' },
  }));
  return { id, status: 'rejected' as const };
}

/** Which payments a refund goes back to: newest first, split across several when needed. */
function planParts(payments: readonly WechatPayment[], amountFen: number): { payment: WechatPayment; fen: number }[] {
  const plan: { payment: WechatPayment; fen: number }[] = [];
  let left = amountFen;
  for (const payment of payments) {
    if (left === 0) break;
    const fen = Math.min(left, payment.amountFen - payment.refundedFen);
    if (fen > 0) plan.push({ payment, fen });
    left -= fen;
  }
  return left === 0 ? plan : [];
}

/**
 * A manager approves: the wallet is debited (a `refund` entry) in the same
 * transaction that closes the request; then the money goes back through
 * WeChat Pay against the original payments (or is handed over in cash). A
 * part WeChat refuses is credited back at once, with an alarm.
 */
export async function approveRefund(deps: Deps, principal: Principal, id: string, options: { method: 'wechat' | 'cash'; note?: string }) {
  const request = await pendingRequest(deps, id);
  const now = deps.clock.now();
  let plan: { payment: WechatPayment; fen: number }[] = [];
  if (options.method === 'wechat') {
    plan = planParts(await deps.store.payments.refundable(request.meterId, new Date(now.getTime() - REFUNDABLE_FOR_MS).toISOString()), request.amountFen);
    if (plan.length === 0) throw new AppError('refund.not_refundable', 400, 'Not enough WeChat payments of the last year to refund this; refund it in cash');
  }
  const entryId = deps.ids.next();
  const posted = await transactWallet(deps.store.table, request.meterId, deps.store.refunds.decisionGuard(id), (wallet) => ({
    deltaFen: -request.amountFen,
    state: { pendingRefundFen: Math.max(0, wallet.pendingRefundFen - request.amountFen) },
    entry: { id: entryId, kind: 'refund', amountFen: -request.amountFen, at: now.toISOString(), reason: request.reason, operator: operatorOf(principal), method: options.method },
    updates: [
      deps.store.refunds.decision(id, {
        status: options.method === 'cash' ? 'refunded' : 'refunding',
        decidedAt: now.toISOString(),
        decidedBy: operatorOf(principal),
        method: options.method,
        entryId,
        ...(options.note ? { decisionNote: options.note } : {}),
      }),
    ],
    result: { entryId },
  }));
  if (options.method === 'wechat') await refundThroughWechat(deps, request, plan);
  const meter = await deps.store.meters.get(request.meterId);
  if (meter) await afterPosting(deps, meter, posted.balanceAfterFen);
  return deps.store.refunds.get(id);
}

async function refundThroughWechat(deps: Deps, request: RefundRequest, plan: { payment: WechatPayment; fen: number }[]): Promise<void> {
  const parts: RefundPart[] = plan.map(({ payment, fen }, index) => ({
    outRefundNo: `F${request.id.replace(/[^A-Za-z0-9]/g, '').slice(0, 24)}${index}`,
    outTradeNo: payment.outTradeNo,
    paidAt: payment.paidAt,
    fen,
    status: 'requested',
  }));
  await deps.store.refunds.putParts(request.id, parts);
  await deps.store.refunds.setProgress(request.id, 'refunding', parts);
  for (const [index, part] of parts.entries()) {
    const payment = plan[index]!.payment;
    try {
      if (!(await deps.store.payments.reserveRefund(payment, part.fen))) {
        await failPart(deps, request, part, 'the payment has no room left to refund', false);
        continue;
      }
      const answer = await deps.payments.refund({ outTradeNo: part.outTradeNo, outRefundNo: part.outRefundNo, reason: request.reason.slice(0, 80), refundFen: part.fen, totalFen: payment.amountFen, notifyUrl: deps.config.payments.notifyUrl });
      if (answer.status === 'SUCCESS') await deps.store.refunds.finishPart(part.outRefundNo, 'succeeded', answer.refundId);
      else if (answer.status === 'CLOSED' || answer.status === 'ABNORMAL') await failPart(deps, request, part, `WeChat answered ${answer.status}`);
    } catch (error) {
      await failPart(deps, request, part, (error as Error).message);
    }
  }
  await updateProgress(deps, request.id);
}

/** A refund part that will not reach the tenant: its money goes back on the wallet, with an alarm for a manager. */
async function failPart(deps: Deps, request: RefundRequest, part: RefundPart, why: string, reserved = true): Promise<void> {
  if (!(await deps.store.refunds.finishPart(part.outRefundNo, 'failed'))) return;
  if (reserved) await deps.store.payments.releaseRefund(request.meterId, part.paidAt, part.outTradeNo, part.fen);
  const now = deps.clock.now().toISOString();
  await deps.store.ledger.post({ meterId: request.meterId, kind: 'reversal', amountFen: part.fen, idempotencyKey: `refund-failed:${part.outRefundNo}`, entryId: deps.ids.next(), at: now, reason: `refund ${part.outRefundNo} failed: ${why}`.slice(0, 200), operator: 'system' });
  await deps.store.alarms.raise({ meterId: request.meterId, kind: 'refund_failed', severity: 'critical', message: '微信退款失败，款项已退回余额，请改用现金退款', details: { requestId: request.id, outRefundNo: part.outRefundNo, fen: part.fen, why: why.slice(0, 100) }, raisedAt: now });
}

async function updateProgress(deps: Deps, requestId: string): Promise<void> {
  const request = await deps.store.refunds.get(requestId);
  if (!request) return;
  const parts = await Promise.all(request.parts.length > 0 ? request.parts.map((part) => deps.store.refunds.part(part.outRefundNo)) : []);
  const known = parts.filter((part): part is NonNullable<typeof part> => part !== null).map(({ requestId: _r, ...part }) => part);
  if (known.length === 0) return;
  const status: RefundRequest['status'] = known.some((part) => part.status === 'failed') ? 'failed' : known.every((part) => part.status === 'succeeded') ? 'refunded' : 'refunding';
  await deps.store.refunds.setProgress(requestId, status, known);
}

/** A REFUND.* notification (already verified): settle the part it names. */
export async function settleRefundNotification(deps: Deps, refund: { outRefundNo: string; refundId: string; status: 'SUCCESS' | 'CLOSED' | 'ABNORMAL' | 'PROCESSING' }): Promise<void> {
  const part = await deps.store.refunds.part(refund.outRefundNo);
  if (!part) throw new AppError('refund.unknown', 400, `No refund "${refund.outRefundNo}"`);
  const request = await deps.store.refunds.get(part.requestId);
  if (!request) throw new AppError('refund.unknown', 400, `No refund request for "${refund.outRefundNo}"`);
  if (refund.status === 'SUCCESS') await deps.store.refunds.finishPart(refund.outRefundNo, 'succeeded', refund.refundId);
  else if (refund.status !== 'PROCESSING') await failPart(deps, request, part, `WeChat reported ${refund.status}`);
  await updateProgress(deps, request.id);
}
