/** The JSON WeChat Pay v3 writes for orders and refunds, in answers and in notification resources. */
import type { NotifiedRefund, NotifiedTransaction } from '../../functions/src/adapters/wechatpay';
import type { SandboxOrder, SandboxRefund } from './book';

const STATE_DESC: Record<string, string> = {
  SUCCESS: '支付成功',
  REFUND: '转入退款',
  NOTPAY: '订单未支付',
  CLOSED: '订单已关闭',
};

/** `GET /v3/pay/transactions/out-trade-no/{no}` */
export function transactionJson(order: SandboxOrder): Record<string, unknown> {
  const paid = order.transactionId !== undefined;
  return {
    appid: order.appid,
    mchid: order.mchid,
    out_trade_no: order.outTradeNo,
    ...(paid ? { transaction_id: order.transactionId, trade_type: 'JSAPI', bank_type: 'OTHERS', success_time: order.successTime, payer: { openid: order.openid } } : {}),
    trade_state: order.state,
    trade_state_desc: STATE_DESC[order.state] ?? order.state,
    attach: order.attach ?? '',
    amount: paid ? { total: order.totalFen, payer_total: order.totalFen, currency: 'CNY', payer_currency: 'CNY' } : { total: order.totalFen, currency: 'CNY', payer_currency: 'CNY' },
  };
}

/** The resource of TRANSACTION.SUCCESS. */
export function transactionResource(order: SandboxOrder): NotifiedTransaction {
  if (!order.transactionId || !order.successTime) throw new Error('Only a paid order has a payment notification');
  return {
    mchid: order.mchid,
    appid: order.appid,
    out_trade_no: order.outTradeNo,
    transaction_id: order.transactionId,
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'OTHERS',
    attach: order.attach ?? '',
    success_time: order.successTime,
    payer: { openid: order.openid },
    amount: { total: order.totalFen, payer_total: order.totalFen, currency: 'CNY', payer_currency: 'CNY' },
  };
}

/** `POST /v3/refund/domestic/refunds` and `GET …/refunds/{out_refund_no}` */
export function refundJson(order: SandboxOrder, refund: SandboxRefund): Record<string, unknown> {
  return {
    refund_id: refund.refundId,
    out_refund_no: refund.outRefundNo,
    transaction_id: order.transactionId,
    out_trade_no: order.outTradeNo,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    ...(refund.successTime ? { success_time: refund.successTime } : {}),
    create_time: refund.createTime,
    status: refund.status,
    funds_account: 'AVAILABLE',
    amount: {
      total: order.totalFen,
      refund: refund.refundFen,
      from: [],
      payer_total: order.totalFen,
      payer_refund: refund.refundFen,
      settlement_refund: refund.refundFen,
      settlement_total: order.totalFen,
      discount_refund: 0,
      currency: 'CNY',
      refund_fee: 0,
    },
    promotion_detail: [],
  };
}

/** The resource of REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED. */
export function refundResource(order: SandboxOrder, refund: SandboxRefund): NotifiedRefund {
  if (!order.transactionId || refund.status === 'PROCESSING') throw new Error('Only a settled refund has a notification');
  return {
    mchid: order.mchid,
    out_trade_no: order.outTradeNo,
    transaction_id: order.transactionId,
    out_refund_no: refund.outRefundNo,
    refund_id: refund.refundId,
    refund_status: refund.status,
    ...(refund.successTime ? { success_time: refund.successTime } : {}),
    user_received_account: '支付用户零钱',
    amount: { total: order.totalFen, refund: refund.refundFen, payer_total: order.totalFen, payer_refund: refund.refundFen },
  };
}
