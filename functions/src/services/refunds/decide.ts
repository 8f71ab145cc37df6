import { AppError, isAppError, notFound, type NoticeIntent } from '@prepaid/shared';
import type { Deps } from '../../deps';
import type { Principal } from '../../http/types';
import { transactWallet, WalletUpdateRefused, type RefundDecision, type RefundPart, type RefundRequest, type Wallet, type WechatPayment } from '../../store';
import { afterPosting } from '../after-posting';
import { operatorOf } from '../payments';
import { managesBuilding } from '../scope';
import { sendPart, updateProgress } from './wechat';

/** WeChat refunds only payments younger than a year (PROTOCOLS.md). */
const REFUNDABLE_FOR_MS = 365 * 86_400_000;
/** A refund goes back to at most this many payments (each is one WeChat refund and one item of the approving transaction). */
const MAX_PARTS = 20;
/** Re-plans when a payment was refunded meanwhile by a concurrent approval of another request. */
const MAX_PLANS = 5;

export type DecisionInput = { action: 'approve'; method: 'wechat' | 'cash'; note?: string } | { action: 'reject'; reason: string };

/**
 * A manager's decision on a refund request (CONTRACT: refund decisions). The
 * decision is claimed first, by one conditional write (pending → deciding);
 * only the claim's holder moves money, in one transaction conditioned on the
 * claim. Every other concurrent decision answers 409 `refund.already_decided`,
 * except a retry of the same decision with the same `Idempotency-Key`, which
 * gets the request as it stands.
 *
 * Approval refunds at most what is left on the wallet: consumption goes on
 * after a request, so `approvedFen` may be less than the amount asked for
 * (and the answer says so); with nothing left it is a 409
 * `refund.exceeds_balance` and the request stays pending.
 */
export async function decideRefund(deps: Deps, principal: Principal, id: string, input: DecisionInput, idempotencyKey?: string): Promise<RefundRequest> {
  const request = await deps.store.refunds.get(id);
  // Outside the caller's buildings a request is as missing as one that never was.
  const meter = request ? await deps.store.meters.get(request.meterId) : null;
  if (!request || !meter || !managesBuilding(principal, meter.buildingId)) throw notFound('refund.not_found', `No refund request "${id}"`);
  // Four eyes: whoever recorded a request on a tenant's behalf does not decide it.
  if (request.requestedBy === operatorOf(principal)) throw new AppError('refund.own_request', 403, 'You recorded this request: another member of staff decides it');
  const decision: RefundDecision = {
    token: deps.ids.next(),
    action: input.action,
    by: operatorOf(principal),
    at: deps.clock.now().toISOString(),
    ...(input.action === 'approve' ? { method: input.method, ...(input.note ? { note: input.note } : {}) } : { note: input.reason }),
    ...(idempotencyKey ? { idempotencyKey } : {}),
  };
  const claimed = request.status === 'pending' ? await deps.store.refunds.claim(request, decision) : null;
  if (!claimed) return answerLoser(deps, id, decision);
  await carryOutDecision(deps, claimed);
  return (await deps.store.refunds.view(id))!;
}

/** The answer of a decision that lost the claim: the winner's request for its own retry, else 409. */
async function answerLoser(deps: Deps, id: string, decision: RefundDecision): Promise<RefundRequest> {
  const current = (await deps.store.refunds.view(id))!;
  const winner = current.decision;
  const sameRetry =
    winner !== undefined && decision.idempotencyKey !== undefined && winner.idempotencyKey === decision.idempotencyKey && winner.action === decision.action && winner.method === decision.method;
  if (sameRetry) return current;
  throw new AppError('refund.already_decided', 409, `The request is already ${current.status}`, { details: { status: current.status } });
}

/**
 * Carries out a claimed decision. Safe to run twice or concurrently (the
 * approver and the sweep): the money moves in one transaction guarded once
 * per request and conditioned on the claim, so only one run moves it. A
 * decision that cannot be carried out (nothing left to refund, no WeChat
 * payment to refund to) gives the claim back and says why.
 */
export async function carryOutDecision(deps: Deps, request: RefundRequest): Promise<void> {
  const decision = request.decision;
  if (request.status !== 'deciding' || !decision) return;
  try {
    if (decision.action === 'reject') await carryOutRejection(deps, request, decision);
    else await carryOutApproval(deps, request, decision);
  } catch (error) {
    if (isAppError(error) && error.status < 500 && !(error instanceof WalletUpdateRefused)) {
      await deps.store.refunds.release(request, decision.token, error.message);
    }
    throw error;
  }
  // The money has moved (or the rejection is written): telling the tenant never fails the decision.
  await tellDecision(deps, request.id).catch((error: unknown) => deps.log.error({ err: error, requestId: request.id }, 'refund decision not told'));
}

async function carryOutRejection(deps: Deps, request: RefundRequest, decision: RefundDecision): Promise<void> {
  try {
    await transactWallet(deps.store.table, request.meterId, deps.store.refunds.decisionGuard(request.id), (wallet) => ({
      deltaFen: 0,
      state: { pendingRefundFen: Math.max(0, wallet.pendingRefundFen - request.amountFen) },
      updates: [
        deps.store.refunds.carryOut(request, decision.token, {
          status: 'rejected',
          at: decision.at,
          fields: { decidedAt: decision.at, decidedBy: decision.by, ...(decision.note ? { decisionNote: decision.note } : {}) },
        }),
      ],
      result: { status: 'rejected' },
    }));
  } catch (error) {
    if (!(error instanceof WalletUpdateRefused)) throw error; // else: carried out by a concurrent run
  }
}

async function carryOutApproval(deps: Deps, request: RefundRequest, decision: RefundDecision): Promise<void> {
  const method = decision.method ?? 'cash';
  const since = new Date(deps.clock.now().getTime() - REFUNDABLE_FOR_MS).toISOString();
  for (let plan = 0; plan < MAX_PLANS; plan++) {
    const payments = method === 'wechat' ? await deps.store.payments.refundable(request.meterId, ...(await paymentWindow(deps, request, since))) : [];
    const entryId = deps.ids.next();
    let posted;
    try {
      posted = await transactWallet(deps.store.table, request.meterId, deps.store.refunds.decisionGuard(request.id), (wallet) =>
        approvalChange(deps, request, decision, { wallet, payments, entryId, method }),
      );
    } catch (error) {
      // The claim is gone (carried out by a concurrent run): nothing to do. A payment moved meanwhile: plan again.
      if (error instanceof WalletUpdateRefused && error.refused.includes(0)) return;
      if (error instanceof WalletUpdateRefused) continue;
      throw error;
    }
    if (posted.duplicate) return; // carried out by a concurrent run, which sends the parts
    deps.metrics.add('RefundedFen', posted.result.approvedFen);
    await afterApproval(deps, request, posted.balanceAfterFen);
    return;
  }
  throw new AppError('refund.busy', 503, 'The payments kept changing while planning the refund; try again');
}

/**
 * Which WeChat payments a request may go back to: made before it was filed
 * (a settlement: before the move-out) — never a later tenant's — and, when
 * the tenancy in force began before then, since that tenancy began — never
 * an earlier tenant's; at most a year back (WeChat's limit).
 */
async function paymentWindow(deps: Deps, request: RefundRequest, yearAgo: string): Promise<[string, string]> {
  const before = request.settlementOf ?? request.createdAt;
  const startedAt = (await deps.store.meters.get(request.meterId))?.tenancyStart;
  // WeChat stamps a payment to the second: one in the second the tenancy began is the tenancy's.
  const tenancyStart = startedAt ? `${startedAt.slice(0, 19)}` : null;
  const since = tenancyStart && tenancyStart < before && tenancyStart > yearAgo ? tenancyStart : yearAgo;
  return [since, before];
}

/** The wallet change that approves: debit what is left (at most the request), close the promise, plan and reserve the WeChat parts. */
function approvalChange(
  deps: Deps,
  request: RefundRequest,
  decision: RefundDecision,
  context: { wallet: Wallet; payments: readonly WechatPayment[]; entryId: string; method: 'wechat' | 'cash' },
) {
  const { wallet, payments, entryId, method } = context;
  const approvedFen = Math.min(request.amountFen, wallet.balanceFen);
  if (approvedFen <= 0) {
    throw new AppError('refund.exceeds_balance', 409, 'Nothing is left on the wallet to refund; reject the request or record a payment first', { details: { balanceFen: wallet.balanceFen } });
  }
  const plan = method === 'wechat' ? planParts(payments, approvedFen) : [];
  if (method === 'wechat' && plan.length === 0) {
    throw new AppError('refund.not_refundable', 400, 'Not enough WeChat payments of the last year to refund this; refund it in cash');
  }
  const parts: RefundPart[] = plan.map(({ payment, fen }, index) => ({
    outRefundNo: `F${request.id.replace(/[^A-Za-z0-9]/g, '').slice(0, 40)}_${index}`,
    outTradeNo: payment.outTradeNo,
    paidAt: payment.paidAt,
    fen,
    totalFen: payment.amountFen,
    status: 'requested',
    attempts: 0,
  }));
  return {
    deltaFen: -approvedFen,
    state: { pendingRefundFen: Math.max(0, wallet.pendingRefundFen - request.amountFen) },
    entry: { id: entryId, kind: 'refund', amountFen: -approvedFen, at: decision.at, reason: request.reason, operator: decision.by, method },
    updates: [
      deps.store.refunds.carryOut(request, decision.token, {
        status: method === 'cash' ? 'refunded' : 'refunding',
        at: decision.at,
        fields: { decidedAt: decision.at, decidedBy: decision.by, method, entryId, approvedFen, parts, ...(decision.note ? { decisionNote: decision.note } : {}) },
      }),
      ...plan.map(({ payment, fen }) => deps.store.payments.reserveRefundUpdate(payment, fen)),
    ],
    puts: parts.map((part) => deps.store.refunds.partItem(request, part)),
    result: { entryId, approvedFen },
  };
}

/** Which payments a refund goes back to: newest first, split across several when needed; none when they cannot cover it. */
function planParts(payments: readonly WechatPayment[], amountFen: number): { payment: WechatPayment; fen: number }[] {
  const plan: { payment: WechatPayment; fen: number }[] = [];
  let left = amountFen;
  for (const payment of payments) {
    if (left === 0 || plan.length === MAX_PARTS) break;
    const fen = Math.min(left, payment.amountFen - payment.refundedFen);
    if (fen > 0) plan.push({ payment, fen });
    left -= fen;
  }
  return left === 0 ? plan : [];
}

/** After the money moved: send the WeChat parts (a cash refund is done), then the supply rule on the lower balance. */
async function afterApproval(deps: Deps, request: RefundRequest, balanceAfterFen: number | null): Promise<void> {
  const approved = await deps.store.refunds.get(request.id);
  if (approved?.status === 'refunding') {
    for (const part of approved.parts) await sendPart(deps, approved, part);
    await updateProgress(deps, approved.id);
  }
  const meter = await deps.store.meters.get(request.meterId);
  if (meter) await afterPosting(deps, meter, balanceAfterFen);
}

/** The tenant is told the decision once it is carried out (named by the request: told once, whoever carried it out). */
async function tellDecision(deps: Deps, id: string): Promise<void> {
  const decided = await deps.store.refunds.view(id);
  if (!decided || decided.status === 'deciding' || decided.status === 'pending') return;
  const approved = decided.status !== 'rejected';
  const notice: NoticeIntent = {
    kind: 'refund_decided',
    dedupe: `refund_decided:${id}`,
    facts: { at: deps.clock.now().toISOString(), amountFen: approved ? (decided.approvedFen ?? decided.amountFen) : decided.amountFen, approved, ...(!approved && decided.decisionNote ? { reason: decided.decisionNote } : {}) },
  };
  await deps.reactions.after({ kind: 'notify', meterId: decided.meterId, notices: [notice] }, deps);
}
