import type { MeterView } from '@prepaid/shared';
import type { RechargeOrder, RechargeState } from '../api';
import { ok, type FakeAnswer, type FakeRoutes, type SeenRequest } from './fake-api';
import { tenantRoutes } from './tenant-api';

/** The order every fake POST /v1/recharges opens. */
export const ORDER: RechargeOrder = {
  outTradeNo: 'RC20251121T1',
  payParams: {
    appId: 'wx-test-app',
    timeStamp: '1763700000',
    nonceStr: 'nonce-1',
    package: 'prepay_id=wx-prepay-1',
    signType: 'RSA',
    paySign: 'c2lnbmF0dXJl',
  },
};

export interface RechargeWorld {
  routes: FakeRoutes;
  /** How often GET /v1/recharges/{outTradeNo} was asked. */
  polls: () => number;
}

/**
 * A tenant owning `meter` who can recharge it: the order is `ORDER`, the n-th poll of
 * it answers `states[n]` (the last one repeating), and once it answers 'paid' the
 * meter's balance includes the amount. With `apiBase` (a weapp build's absolute API
 * URL) the API routes answer under it too.
 */
export function rechargeWorld(meter: MeterView, states: RechargeState[], apiBase = ''): RechargeWorld {
  let balanceFen = meter.balanceFen;
  let amountFen = 0;
  let polls = 0;
  const status = (): FakeAnswer => {
    const state = states[Math.min(polls, states.length - 1)] ?? 'pending';
    polls += 1;
    if (state === 'paid' && polls === states.indexOf('paid') + 1) balanceFen += amountFen;
    const paid = state === 'paid' ? { paidAt: '2025-11-21T10:00:05+08:00' } : {};
    const order = { outTradeNo: ORDER.outTradeNo, meterId: meter.id, createdAt: '2025-11-21T10:00:00+08:00' };
    return ok({ ...order, status: state, amountFen, ...paid });
  };
  const api: FakeRoutes = {
    [`GET /v1/meters/${meter.id}`]: () => ok({ ...meter, balanceFen }),
    'POST /v1/recharges': (request: SeenRequest) => {
      amountFen = (request.data as { amountFen: number }).amountFen;
      return { statusCode: 201, data: ORDER };
    },
    [`GET /v1/recharges/${ORDER.outTradeNo}`]: status,
  };
  const prefixed = Object.fromEntries(
    Object.entries(api).map(([key, route]) => [key.replace(' /', ` ${apiBase}/`), route]),
  );
  const sandbox: FakeRoutes = {
    [`POST /sandbox/pay/${ORDER.outTradeNo}`]: () => ok({ outTradeNo: ORDER.outTradeNo, tradeState: 'SUCCESS' }),
  };
  return { routes: tenantRoutes([meter], { ...api, ...prefixed, ...sandbox }), polls: () => polls };
}
