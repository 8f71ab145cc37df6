export { ApiError, NETWORK_ERROR_CODE, asApiError, toApiError, toNetworkError } from './api-error';
export { DEFAULT_WEAPP_API_BASE, resolveApiBase } from './base-url';
export { onUnauthorized, requestJson, setBearerToken, type HttpMethod, type RequestOptions } from './client';
export { callRoute, type RouteAnswer, type RouteInput, type RouteKey } from './route-client';
export { createRecharge, getHealth, getLedgerEntry, getMe, getMeter, getOverview, redeemInvitation, getRecharge, getSubscriptions, getUsage, getUsageInsights, listMeterAlarms, listMyMeters, listNotifications, listReadings, listRecords, listRefunds, login, recordSubscriptions, requestRefund, setPhone } from './endpoints';
export { PAYMENT_FAILED_CODE, payInSandbox, payInWeChat, payOrder, type PayOutcome } from './payment';
export type { PayParams, RechargeOrder, RechargeState, RechargeView } from './recharge-types';
