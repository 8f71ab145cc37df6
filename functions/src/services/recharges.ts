import { randomBytes } from 'node:crypto';
import { AppError, assertAmountFen, notFound, type NoticeIntent } from '@prepaid/shared';
import type { Deps } from '../deps';
import type { Principal } from '../http/types';
import { isStaff, managesBuilding } from './scope';
import { toBeijingWallClock } from '../platform/beijing-time';
import { paymentItem, type RechargeOrder } from '../store';
import { assertCanRead } from './meters';

/** How long a tenant has to pay a recharge order before it is closed. */
const ORDER_TTL_MS = 15 * 60_000;
/** A notification may be lost: orders still pending after this are asked about. */
const QUERY_AFTER_MS = 3 * 60_000;
/** Then again after 1, 2, 4, 8 minutes, and every 15 minutes after that, while they stay pending. */
const recheckAfterMs = (checks: number): number => Math.min(15 * 60_000, 60_000 * 2 ** Math.min(checks, 4));

export type RechargeDeps = Deps;

/** `R` + Beijing timestamp + 12 random base32 characters: unique, ≤ 32 characters, as WeChat requires. */
function newOutTradeNo(now: Date): string {
  const stamp = toBeijingWallClock(now).toISOString().replace(/\D/g, '').slice(0, 14);
  return `R${stamp}${randomBytes(8).toString('hex').slice(0, 12).toUpperCase()}`;
}

/** `POST /v1/recharges`: an order for a meter the tenant is bound to, and the `wx.requestPayment` parameters. */
export async function createRecharge(deps: RechargeDeps, principal: Principal, body: { meterId: string; amountFen: number }) {
  if (principal.kind !== 'user') throw new AppError('recharge.tenant_only', 403, 'Recharges are made by a logged-in tenant');
  assertAmountFen(body.amountFen, { max: deps.config.maxAmountFen, field: 'body.amountFen' });
  await assertCanRead(deps.store, principal, body.meterId);
  const meter = await deps.store.meters.get(body.meterId);
  if (!meter) throw notFound('meter.not_found', `No meter "${body.meterId}"`);
  const now = deps.clock.now();
  const outTradeNo = newOutTradeNo(now);
  const expiresAt = new Date(now.getTime() + ORDER_TTL_MS);
  const prepay = await deps.payments.prepayJsapi({
    outTradeNo,
    description: `${meter.utility === 'electricity' ? '电费' : '水费'}充值 ${meter.room ?? meter.id}`.slice(0, 127),
    amountFen: body.amountFen,
    openid: principal.openid,
    notifyUrl: deps.config.payments.notifyUrl,
    timeExpire: expiresAt,
    attach: meter.id,
  });
  await deps.store.orders.create({
    outTradeNo,
    meterId: meter.id,
    openid: principal.openid,
    amountFen: body.amountFen,
    status: 'pending',
    createdAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
    prepayId: prepay.prepayId,
    checks: 0,
  }, new Date(now.getTime() + QUERY_AFTER_MS).toISOString());
  return { outTradeNo, payParams: prepay.payParams };
}

/** `GET /v1/recharges/{outTradeNo}`: the order's state, for its tenant, and for staff of its meter's building (a manager key too: its buildings only). */
export async function getRecharge(deps: RechargeDeps, principal: Principal, outTradeNo: string) {
  const order = await deps.store.orders.get(outTradeNo);
  const mine = order !== null && principal.kind === 'user' && order.openid === principal.openid;
  const staffOfIt = order !== null && !mine && isStaff(principal) && managesBuilding(principal, (await deps.store.meters.get(order.meterId))?.buildingId ?? null);
  if (!order || !(mine || staffOfIt)) {
    throw notFound('recharge.not_found', `No recharge "${outTradeNo}"`);
  }
  return { outTradeNo, status: order.status, amountFen: order.amountFen, meterId: order.meterId, createdAt: order.createdAt, ...(order.paidAt ? { paidAt: order.paidAt } : {}) };
}

/** What WeChat says was paid (from a verified notification, or a query). */
export interface PaidTransaction {
  readonly outTradeNo: string;
  readonly transactionId: string;
  readonly amountFen: number;
  readonly mchid: string;
  readonly appid: string;
  readonly successTime: string;
}

/**
 * Credits a paid order exactly once: the credit, the payment record (for
 * refunds and reconciliation) and the idempotency guard are one transaction
 * keyed by `out_trade_no`, so duplicate and concurrent deliveries write once.
 * A payment that does not match its order credits nothing.
 */
export async function settlePaid(deps: RechargeDeps, tx: PaidTransaction): Promise<{ credited: boolean; balanceFen?: number }> {
  const order = await deps.store.orders.get(tx.outTradeNo);
  if (!order) throw new AppError('payment.unknown_order', 400, `No recharge order "${tx.outTradeNo}"`);
  if (tx.mchid !== deps.config.payments.mchid || tx.appid !== deps.config.wechat.appId) {
    throw new AppError('payment.wrong_merchant', 400, 'The payment is for another merchant or app');
  }
  if (tx.amountFen !== order.amountFen) {
    await deps.store.alarms.raise({
      meterId: order.meterId,
      kind: 'payment_mismatch',
      severity: 'critical',
      message: '微信支付金额与订单不符，未入账',
      details: { outTradeNo: order.outTradeNo, orderFen: order.amountFen, paidFen: tx.amountFen, transactionId: tx.transactionId },
      raisedAt: deps.clock.now().toISOString(),
    });
    throw new AppError('payment.amount_mismatch', 400, 'The paid amount differs from the order');
  }
  const paidAt = new Date(tx.successTime).toISOString();
  const entryId = deps.ids.next();
  const posted = await deps.store.ledger.post({
    meterId: order.meterId,
    kind: 'recharge',
    amountFen: order.amountFen,
    idempotencyKey: `wxpay:${order.outTradeNo}`,
    entryId,
    at: deps.clock.now().toISOString(),
    method: 'wechat_pay',
    reference: tx.transactionId,
    operator: `wechat:${order.openid}`,
    extraItems: [paymentItem({ meterId: order.meterId, outTradeNo: order.outTradeNo, transactionId: tx.transactionId, amountFen: order.amountFen, refundedFen: 0, paidAt, entryId })],
  });
  await deps.store.orders.finish(order.outTradeNo, 'paid', { transactionId: tx.transactionId, paidAt, entryId: posted.entryId });
  // The restore (a downlink to a meter that may be asleep) and the alarms run after WeChat has its answer.
  if (!posted.duplicate) {
    deps.metrics.add('CreditedFen', order.amountFen);
    await deps.reactions.after({ kind: 'after-posting', meterId: order.meterId, balanceFen: posted.balanceAfterFen, notices: [creditedNotice(posted.entryId, order.amountFen, posted.balanceAfterFen, deps.clock.now())] }, deps);
  }
  return { credited: !posted.duplicate, balanceFen: posted.balanceAfterFen };
}

/**
 * The sweep for lost notifications: settle what WeChat says was paid, close
 * what expired unpaid. Takes the orders most overdue for a check; an order
 * that stays pending (not paid yet, or a query or settlement that fails) is
 * checked again later and later, so it can never starve the newer ones.
 */
export async function sweepPendingOrders(deps: RechargeDeps, limit = 50): Promise<{ settled: number; closed: number }> {
  const now = deps.clock.now();
  const due = await deps.store.orders.due(now.toISOString(), limit);
  let settled = 0;
  let closed = 0;
  for (const order of due) {
    try {
      const outcome = await checkOrder(deps, order, now);
      if (outcome === 'settled') settled += 1;
      if (outcome === 'closed') closed += 1;
    } catch (error) {
      deps.log.warn({ err: error, outTradeNo: order.outTradeNo }, 'pending order not settled; a later sweep retries');
    }
    // Whatever happened, a still-pending order goes to the back of the queue (a final one has left it).
    await deps.store.orders.postpone(order.outTradeNo, new Date(now.getTime() + recheckAfterMs(order.checks)).toISOString());
  }
  return { settled, closed };
}

/** Asks WeChat about one pending order and acts on the answer. */
async function checkOrder(deps: RechargeDeps, order: RechargeOrder, now: Date): Promise<'settled' | 'closed' | 'failed' | 'pending'> {
  const state = await deps.payments.queryByOutTradeNo(order.outTradeNo);
  if (state.tradeState === 'SUCCESS' && state.transactionId && state.amountFen !== undefined && state.successTime) {
    await settlePaid(deps, { outTradeNo: order.outTradeNo, transactionId: state.transactionId, amountFen: state.amountFen, mchid: state.mchid, appid: state.appid, successTime: state.successTime });
    return 'settled';
  }
  if (state.tradeState === 'PAYERROR' || state.tradeState === 'REVOKED') {
    await deps.store.orders.finish(order.outTradeNo, 'failed', { note: state.tradeState });
    return 'failed';
  }
  if (now.toISOString() >= order.expiresAt && state.tradeState !== 'USERPAYING') {
    if (state.tradeState === 'NOTPAY') await deps.payments.close(order.outTradeNo);
    return (await deps.store.orders.finish(order.outTradeNo, 'closed', { note: `expired (${state.tradeState})` })) ? 'closed' : 'pending';
  }
  return 'pending';
}

export type { RechargeOrder };

/** "Recharge credited", named by the ledger entry: told once however often WeChat delivers the payment. */
export const creditedNotice = (entryId: string, amountFen: number, balanceFen: number, at: Date): NoticeIntent => ({
  kind: 'recharge_credited',
  dedupe: `recharge_credited:${entryId}`,
  facts: { at: at.toISOString(), amountFen, balanceFen },
});
