import { isAppError } from '@prepaid/shared';
import { NotificationRejected } from '../adapters/wechatpay/errors';
import { defaultDepsWithPayments } from '../deps-payments';
import { declared, route } from '../http';
import { createRecharge, getRecharge, settlePaid } from '../services/recharges';
import { settleRefundNotification } from '../services/refunds';
// A money path: traced end to end where tracing is on (serverless.yml tracing: Active).
import '../platform/tracer';

/** `POST /v1/recharges` `{meterId, amountFen}` → 201 `{outTradeNo, payParams}` for `wx.requestPayment`. */
export const create = route(declared('POST /v1/recharges'),
  async (request, deps) => ({ status: 201, body: await createRecharge(deps, request.principal, request.body) }),
  defaultDepsWithPayments,
);

/** `GET /v1/recharges/{outTradeNo}` → `{status, amountFen, …}`. */
export const get = route(declared('GET /v1/recharges/{outTradeNo}'), async (request, deps) => ({
  status: 200,
  body: await getRecharge(deps, request.principal, request.params.outTradeNo),
}));

/**
 * `POST /v1/webhooks/wechatpay`: verified (timestamp window, RSA-SHA256 by
 * serial, AES-256-GCM with its tag) before anything is read; a paid order is
 * credited once. WeChat expects `{"code":"FAIL","message"}` on a 4xx, so
 * failures are answered here rather than by the generic error mapper.
 */
export const webhook = route(declared('POST /v1/webhooks/wechatpay'), async (request, deps) => {
  try {
    const notification = deps.payments.verifyNotification({ headers: request.headers, rawBody: request.rawBody, now: deps.clock.now() });
    if (notification.kind === 'transaction') {
      const tx = notification.decrypted;
      if (tx.trade_state === 'SUCCESS') {
        await settlePaid(deps, {
          outTradeNo: tx.out_trade_no,
          transactionId: tx.transaction_id,
          amountFen: tx.amount.total,
          mchid: tx.mchid,
          appid: tx.appid,
          successTime: tx.success_time,
        });
      }
    } else {
      const refund = notification.decrypted;
      await settleRefundNotification(deps, { outRefundNo: refund.out_refund_no, refundId: refund.refund_id, status: refund.refund_status });
    }
    return { status: 200, body: { code: 'SUCCESS', message: '成功' } };
  } catch (error) {
    if (error instanceof NotificationRejected) {
      request.log.warn({ reason: error.reason }, 'WeChat Pay notification rejected');
      return { status: error.status, body: error.toWechatAnswer() };
    }
    if (isAppError(error) && error.status < 500) return { status: error.status, body: { code: 'FAIL', message: error.message } };
    throw error;
  }
}, defaultDepsWithPayments);
