import type { TradeBillRow } from './bill';
import type { NotificationInput, RefundStatus, TradeState, VerifiedNotification } from './notification';

export interface PrepayRequest {
  /** Our order number: 6–32 of `[0-9A-Za-z_-|*]`, unique per merchant. */
  readonly outTradeNo: string;
  /** What the payer sees (≤ 127 characters). */
  readonly description: string;
  readonly amountFen: number;
  readonly openid: string;
  /** Where WeChat posts the result: https, no query string (the sandbox accepts http). */
  readonly notifyUrl: string;
  /** After this the order can no longer be paid. */
  readonly timeExpire: Date;
  /** Echoed back in queries and notifications (≤ 128 characters). */
  readonly attach?: string;
}

/** Exactly what `wx.requestPayment` takes. */
export interface PayParams {
  readonly appId: string;
  readonly timeStamp: string;
  readonly nonceStr: string;
  /** `prepay_id=…` */
  readonly package: string;
  readonly signType: 'RSA';
  /** base64 RSA-SHA256 with the merchant key over `appId\ntimeStamp\nnonceStr\npackage\n`. */
  readonly paySign: string;
}

export interface PrepayResult {
  readonly prepayId: string;
  readonly payParams: PayParams;
}

/** An order as WeChat sees it (`GET …/out-trade-no/{no}`). */
export interface TransactionStatus {
  readonly tradeState: TradeState;
  readonly tradeStateDesc: string | undefined;
  readonly outTradeNo: string;
  readonly transactionId: string | undefined;
  readonly amountFen: number | undefined;
  readonly payerTotalFen: number | undefined;
  /** RFC 3339, +08:00. */
  readonly successTime: string | undefined;
  readonly payerOpenid: string | undefined;
  readonly attach: string | undefined;
  readonly mchid: string;
  readonly appid: string;
}

/** Refund by our order number or by WeChat's transaction id. */
export type RefundRequest = ({ readonly outTradeNo: string; readonly transactionId?: undefined } | { readonly transactionId: string; readonly outTradeNo?: undefined }) & {
  /** Our refund number: 1–64 of `[0-9A-Za-z_-|*@]`; the same number twice refunds once. */
  readonly outRefundNo: string;
  readonly reason?: string;
  readonly refundFen: number;
  /** The original payment's total, which WeChat checks. */
  readonly totalFen: number;
  readonly notifyUrl: string;
};

export interface RefundResult {
  readonly status: RefundStatus;
  readonly refundId: string;
  readonly outRefundNo: string;
  readonly outTradeNo: string;
  readonly transactionId: string;
  readonly refundFen: number;
  readonly totalFen: number;
  readonly payerRefundFen: number | undefined;
  readonly successTime: string | undefined;
  readonly createTime: string | undefined;
  readonly userReceivedAccount: string | undefined;
}

/**
 * Everything the payment services need from WeChat Pay. One implementation
 * (wechatpay-node-v3 underneath) serves both modes: live it talks to WeChat,
 * in sandbox mode to the local sandbox. Failures are `WechatPayError`s
 * (`wechatpay.order_not_found`, `wechatpay.no_statement`, …) and
 * `NotificationRejected` for inbound notifications.
 */
export interface PaymentGateway {
  readonly merchant: { readonly mchid: string; readonly appid: string };
  prepayJsapi(request: PrepayRequest): Promise<PrepayResult>;
  queryByOutTradeNo(outTradeNo: string): Promise<TransactionStatus>;
  /** Closes an unpaid order (WeChat answers 204); a paid order cannot be closed. */
  close(outTradeNo: string): Promise<void>;
  refund(request: RefundRequest): Promise<RefundResult>;
  queryRefund(outRefundNo: string): Promise<RefundResult>;
  /**
   * The trade bill of a Beijing day (`YYYY-MM-DD`), payments and refunds.
   * Throws `wechatpay.no_statement` when WeChat has none for that day (it
   * says so when nothing was paid or refunded) and
   * `wechatpay.statement_not_ready` before it is generated (T+1, ~10:00).
   */
  tradeBill(date: string): Promise<TradeBillRow[]>;
  /** Verifies and decrypts an inbound notification with the configured keys. */
  verifyNotification(input: NotificationInput): VerifiedNotification;
}
