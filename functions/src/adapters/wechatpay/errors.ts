import { AppError } from '@prepaid/shared';

/** Why an inbound notification (or a signed API answer) was refused. */
export type NotificationRejectReason =
  | 'stale_timestamp'
  | 'bad_signature'
  | 'unknown_serial'
  | 'bad_ciphertext'
  | 'malformed'
  | 'unsupported_algorithm';

/**
 * A WeChat Pay notification that must not be trusted. The webhook answers it
 * 4xx `{"code":"FAIL","message": error.message}` and writes nothing; WeChat
 * retries, which is harmless for a forgery and a second chance for a real one.
 */
export class NotificationRejected extends AppError {
  override readonly name = 'NotificationRejected';
  readonly reason: NotificationRejectReason;

  constructor(reason: NotificationRejectReason, message: string, options: { cause?: unknown } = {}) {
    // 401 for the authentication failures, 400 for input that cannot be read.
    const status = reason === 'malformed' || reason === 'unsupported_algorithm' ? 400 : 401;
    super(`wechatpay.notification.${reason}`, status, message, { ...options, details: { reason } });
    this.reason = reason;
  }

  /** The body WeChat expects on a failure answer. */
  toWechatAnswer(): { code: 'FAIL'; message: string } {
    return { code: 'FAIL', message: this.message };
  }
}

/**
 * An outbound WeChat Pay call that did not give the expected answer. `code`
 * is `wechatpay.<what>`; `wechatCode` is WeChat's own (`ORDER_NOT_EXIST`,
 * `NO_STATEMENT_EXIST`, …) when it sent one.
 */
export class WechatPayError extends AppError {
  override readonly name = 'WechatPayError';
  readonly wechatCode: string | undefined;
  readonly httpStatus: number | undefined;
  /** The error answer carried WeChat's valid signature: it is WeChat's word, not a proxy's. */
  readonly answerVerified: boolean;

  constructor(code: string, status: number, message: string, options: { cause?: unknown; wechatCode?: string; httpStatus?: number; answerVerified?: boolean } = {}) {
    super(code, status, message, { cause: options.cause, details: options.wechatCode ? { wechatCode: options.wechatCode } : undefined });
    this.wechatCode = options.wechatCode;
    this.httpStatus = options.httpStatus;
    this.answerVerified = options.answerVerified ?? false;
  }
}
