/**
 * Recharge shapes as the mini-program reads them. They mirror `RechargeResponse` and
 * `RechargeStatus` in @prepaid/shared (a type test keeps them equal); declaring them
 * here keeps the schema library out of the bundle.
 */

/** What `wx.requestPayment` needs, as POST /v1/recharges hands it over (APIv3: RSA-signed). */
export interface PayParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

/** 201 of POST /v1/recharges: the order's out_trade_no and the parameters to pay it with. */
export interface RechargeOrder {
  outTradeNo: string;
  payParams: PayParams;
}

/** Where a recharge order stands; only the WeChat Pay notification moves it to `paid`. */
export type RechargeState = 'pending' | 'paid' | 'closed' | 'failed';

/** GET /v1/recharges/{outTradeNo}. */
export interface RechargeView {
  outTradeNo: string;
  status: RechargeState;
  amountFen: number;
  meterId: string;
  createdAt: string;
  paidAt?: string;
}
