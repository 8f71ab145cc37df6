/**
 * The sandbox's memory: orders and refunds, and the rules WeChat Pay applies
 * to them (one prepay per out_trade_no, refunds never above the payment, the
 * same out_refund_no refunding once). No HTTP and no crypto here.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { beijingDate, formatBeijingTime, type TradeBillRow, type TradeState } from '../../functions/src/adapters/wechatpay';

/** An answer other than 2xx, in WeChat's shape `{code, message}`. */
export class SandboxApiError extends Error {
  override readonly name = 'SandboxApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type SandboxRefundStatus = 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED';

export interface SandboxRefund {
  readonly outRefundNo: string;
  readonly refundId: string;
  readonly refundFen: number;
  readonly reason: string | undefined;
  readonly notifyUrl: string | undefined;
  readonly createTime: string;
  status: SandboxRefundStatus;
  successTime: string | undefined;
}

export interface SandboxOrder {
  readonly outTradeNo: string;
  readonly prepayId: string;
  readonly appid: string;
  readonly mchid: string;
  readonly description: string;
  readonly attach: string | undefined;
  readonly notifyUrl: string | undefined;
  readonly totalFen: number;
  readonly openid: string;
  readonly timeExpire: string | undefined;
  /** Paid without a prepay from the platform (`POST /sandbox/orphan`). */
  readonly orphan: boolean;
  state: TradeState;
  transactionId: string | undefined;
  successTime: string | undefined;
  readonly refunds: SandboxRefund[];
}

export interface PrepayInput {
  readonly appid: string;
  readonly mchid: string;
  readonly description: string;
  readonly outTradeNo: string;
  readonly timeExpire?: string;
  readonly attach?: string;
  readonly notifyUrl: string;
  readonly totalFen: number;
  readonly openid: string;
}

export interface RefundInput {
  readonly outTradeNo?: string;
  readonly transactionId?: string;
  readonly outRefundNo: string;
  readonly reason?: string;
  readonly notifyUrl?: string;
  readonly refundFen: number;
  readonly totalFen: number;
}

/** An order whose description holds this word ends its refunds ABNORMAL (for tests of that path). */
export const ABNORMAL_REFUND_WORD = 'REFUND_ABNORMAL';

/**
 * Faults WeChat Pay really has, switched on by a word in the order's
 * description (the room name is in it), so tests running side by side each
 * get their own: the refund is accepted but the answer is lost (a 500), or
 * arrives with a signature that does not verify, or the refund settles and
 * its notification never comes.
 */
export const REFUND_FAULT_WORDS = { answerLost: 'REFUND_ANSWER_LOST', badSignature: 'REFUND_BAD_SIGNATURE', noNotify: 'REFUND_NO_NOTIFY' } as const;

const digits = (count: number) => Array.from({ length: count }, () => randomInt(10)).join('');

export class SandboxBook {
  private readonly orders = new Map<string, SandboxOrder>();

  constructor(private readonly now: () => Date) {}

  list(): readonly SandboxOrder[] {
    return [...this.orders.values()];
  }

  get(outTradeNo: string): SandboxOrder {
    const order = this.orders.get(outTradeNo);
    if (!order) throw new SandboxApiError(404, 'ORDER_NOT_EXIST', '订单不存在');
    return order;
  }

  /** JSAPI prepay; the same request again gets the same prepay_id, a different one with the same number is refused. */
  prepay(input: PrepayInput): SandboxOrder {
    const existing = this.orders.get(input.outTradeNo);
    if (existing) {
      if (existing.state === 'SUCCESS' || existing.state === 'REFUND') throw new SandboxApiError(400, 'ORDERPAID', '该订单已支付');
      if (existing.state === 'CLOSED') throw new SandboxApiError(400, 'ORDER_CLOSED', '订单已关闭');
      const same = existing.totalFen === input.totalFen && existing.openid === input.openid && existing.description === input.description;
      if (!same) throw new SandboxApiError(400, 'OUT_TRADE_NO_USED', '商户订单号重复');
      return existing;
    }
    const order: SandboxOrder = {
      ...input,
      attach: input.attach,
      timeExpire: input.timeExpire,
      prepayId: `wx${formatBeijingTime(this.now()).replace(/\D/g, '').slice(0, 14)}${randomBytes(10).toString('hex')}`,
      orphan: false,
      state: 'NOTPAY',
      transactionId: undefined,
      successTime: undefined,
      refunds: [],
    };
    this.orders.set(order.outTradeNo, order);
    return order;
  }

  close(outTradeNo: string): void {
    const order = this.get(outTradeNo);
    if (order.state === 'SUCCESS' || order.state === 'REFUND') throw new SandboxApiError(400, 'ORDERPAID', '订单已支付，不能关闭');
    order.state = 'CLOSED';
  }

  /** The payer pays. Paying a paid order again changes nothing (and returns `fresh: false`). */
  pay(outTradeNo: string): { order: SandboxOrder; fresh: boolean } {
    const order = this.get(outTradeNo);
    if (order.state === 'SUCCESS' || order.state === 'REFUND') return { order, fresh: false };
    if (order.state !== 'NOTPAY') throw new SandboxApiError(409, 'ORDER_CLOSED', `The order is ${order.state}`);
    if (order.timeExpire && Date.parse(order.timeExpire) <= this.now().getTime()) throw new SandboxApiError(409, 'ORDER_EXPIRED', 'The order expired (time_expire)');
    this.markPaid(order);
    return { order, fresh: true };
  }

  /** A payment the platform never asked for, already paid: reconciliation must find it. */
  orphan(input: { appid: string; mchid: string; totalFen: number; openid: string; description: string; outTradeNo?: string; notifyUrl?: string }): SandboxOrder {
    const outTradeNo = input.outTradeNo ?? `ORPHAN${digits(12)}`;
    if (this.orders.has(outTradeNo)) throw new SandboxApiError(400, 'OUT_TRADE_NO_USED', '商户订单号重复');
    const order: SandboxOrder = { ...input, outTradeNo, attach: undefined, notifyUrl: input.notifyUrl, timeExpire: undefined, prepayId: '', orphan: true, state: 'NOTPAY', transactionId: undefined, successTime: undefined, refunds: [] };
    this.orders.set(outTradeNo, order);
    this.markPaid(order);
    return order;
  }

  private markPaid(order: SandboxOrder): void {
    order.state = 'SUCCESS';
    order.transactionId = `42000${beijingDate(this.now()).replace(/-/g, '')}${digits(15)}`;
    order.successTime = formatBeijingTime(this.now());
  }

  /** Starts a refund (PROCESSING); `settleRefund` ends it. The same out_refund_no returns the refund it made. */
  refund(input: RefundInput): { order: SandboxOrder; refund: SandboxRefund; fresh: boolean } {
    const order = this.findForRefund(input);
    const previous = this.findRefund(input.outRefundNo);
    if (previous) {
      if (previous.order !== order || previous.refund.refundFen !== input.refundFen) throw new SandboxApiError(400, 'INVALID_REQUEST', '退款单号重复且参数不一致');
      return { ...previous, fresh: false };
    }
    if (input.totalFen !== order.totalFen) throw new SandboxApiError(400, 'INVALID_REQUEST', '订单金额与原支付金额不一致');
    const committedFen = order.refunds.filter((r) => r.status === 'PROCESSING' || r.status === 'SUCCESS').reduce((sum, r) => sum + r.refundFen, 0);
    if (input.refundFen <= 0 || committedFen + input.refundFen > order.totalFen) throw new SandboxApiError(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
    const refund: SandboxRefund = {
      outRefundNo: input.outRefundNo,
      refundId: `50300${beijingDate(this.now()).replace(/-/g, '')}${digits(15)}`,
      refundFen: input.refundFen,
      reason: input.reason,
      notifyUrl: input.notifyUrl,
      createTime: formatBeijingTime(this.now()),
      status: 'PROCESSING',
      successTime: undefined,
    };
    order.refunds.push(refund);
    return { order, refund, fresh: true };
  }

  /** The bank's answer: SUCCESS, or ABNORMAL for an order whose description holds {@link ABNORMAL_REFUND_WORD}. */
  settleRefund(order: SandboxOrder, refund: SandboxRefund): void {
    if (refund.status !== 'PROCESSING') return;
    if (order.description.includes(ABNORMAL_REFUND_WORD)) {
      refund.status = 'ABNORMAL';
      return;
    }
    refund.status = 'SUCCESS';
    refund.successTime = formatBeijingTime(this.now());
    order.state = 'REFUND';
  }

  findRefund(outRefundNo: string): { order: SandboxOrder; refund: SandboxRefund } | undefined {
    for (const order of this.orders.values()) {
      const refund = order.refunds.find((r) => r.outRefundNo === outRefundNo);
      if (refund) return { order, refund };
    }
    return undefined;
  }

  private findForRefund(input: RefundInput): SandboxOrder {
    const order = input.transactionId
      ? [...this.orders.values()].find((o) => o.transactionId === input.transactionId)
      : this.orders.get(input.outTradeNo ?? '');
    if (!order) throw new SandboxApiError(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    if (order.state !== 'SUCCESS' && order.state !== 'REFUND') throw new SandboxApiError(400, 'INVALID_REQUEST', '订单未支付，不能退款');
    return order;
  }

  /** The day's trade bill rows (Beijing date): payments on the day they were paid, successful refunds on the day they succeeded. */
  billRows(date: string): TradeBillRow[] {
    const rows: TradeBillRow[] = [];
    for (const order of this.orders.values()) {
      if (!order.transactionId || !order.successTime) continue;
      const base = { appid: order.appid, mchid: order.mchid, transactionId: order.transactionId, outTradeNo: order.outTradeNo, openid: order.openid, amountFen: order.totalFen, description: order.description, attach: order.attach };
      if (order.successTime.startsWith(date)) {
        rows.push({ ...base, successTime: order.successTime, tradeState: 'SUCCESS', settlementFen: order.totalFen, refundFen: 0, refundId: undefined, outRefundNo: undefined, refundStatus: undefined });
      }
      for (const refund of order.refunds) {
        if (refund.status !== 'SUCCESS' || !refund.successTime?.startsWith(date)) continue;
        rows.push({ ...base, successTime: refund.successTime, tradeState: 'REFUND', settlementFen: 0, refundFen: refund.refundFen, refundId: refund.refundId, outRefundNo: refund.outRefundNo, refundStatus: 'SUCCESS' });
      }
    }
    return rows.sort((a, b) => a.successTime.localeCompare(b.successTime));
  }
}
