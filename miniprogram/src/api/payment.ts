import Taro from '@tarojs/taro';
import { ApiError, toApiError, toNetworkError } from './api-error';
import type { PayParams } from './recharge-types';

/** How paying ended on the client: handed over to WeChat Pay, or cancelled by the user. */
export type PayOutcome = 'submitted' | 'cancelled';

/** Code of a WeChat Pay failure other than the user's cancel. */
export const PAYMENT_FAILED_CODE = 'payment.failed';

const SANDBOX_TIMEOUT_MS = 15_000;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

const errMsgOf = (cause: unknown): string => {
  if (isRecord(cause) && typeof cause.errMsg === 'string') return cause.errMsg;
  return cause instanceof Error ? cause.message : String(cause);
};

/**
 * Pays in WeChat. Success only means the user confirmed: the order counts as paid
 * once WeChat Pay's notification reaches the API, so the caller polls the order.
 * A cancel (`requestPayment:fail cancel`) is the user's choice, not an error.
 */
export async function payInWeChat(payParams: PayParams): Promise<PayOutcome> {
  const { timeStamp, nonceStr, paySign } = payParams;
  try {
    await Taro.requestPayment({ timeStamp, nonceStr, package: payParams.package, signType: 'RSA', paySign });
    return 'submitted';
  } catch (cause) {
    const errMsg = errMsgOf(cause);
    if (errMsg.includes('cancel')) return 'cancelled';
    throw new ApiError(PAYMENT_FAILED_CODE, 0, `WeChat Pay failed: ${errMsg}`, { cause });
  }
}

/** The sandbox answers in WeChat Pay's `{code, message}` shape; the web server's proxy in the API's. */
function toSandboxError(status: number, body: unknown): ApiError {
  if (isRecord(body) && typeof body.code === 'string' && typeof body.message === 'string') {
    return new ApiError(`wechatpay.${body.code.toLowerCase()}`, status, body.message);
  }
  return toApiError(status, body);
}

/**
 * Pays in the H5 demo, where WeChat Pay cannot run: the local web server forwards
 * `/sandbox/*` on the page's own origin to the WeChat Pay sandbox, which marks the
 * order paid and sends the API the signed notification WeChat would send.
 */
export async function payInSandbox(outTradeNo: string): Promise<PayOutcome> {
  let response: Taro.request.SuccessCallbackResult<TaroGeneral.IAnyObject | string>;
  try {
    response = await Taro.request<TaroGeneral.IAnyObject | string>({
      url: `/sandbox/pay/${encodeURIComponent(outTradeNo)}`,
      method: 'POST',
      header: { Accept: 'application/json' },
      dataType: 'json',
      timeout: SANDBOX_TIMEOUT_MS,
    });
  } catch (cause) {
    throw toNetworkError(cause);
  }
  if (response.statusCode >= 200 && response.statusCode < 300) return 'submitted';
  throw toSandboxError(response.statusCode, response.data);
}

/**
 * Pays a recharge order the way the platform can: `wx.requestPayment` in the
 * mini-program, the WeChat Pay sandbox in the H5 demo. Rejects with an ApiError.
 *
 * @example
 * const order = await createRecharge('E-1001', 5000);
 * if ((await payOrder(order.outTradeNo, order.payParams)) === 'cancelled') showCancelled();
 */
export function payOrder(outTradeNo: string, payParams: PayParams): Promise<PayOutcome> {
  return process.env.TARO_ENV === 'weapp' ? payInWeChat(payParams) : payInSandbox(outTradeNo);
}
