import type { HealthResponse, List, LoginResponse, MeResponse, MeterView, ReadingView, UsageInsightsView, UsageView } from '@prepaid/shared';
import { callRoute } from './route-client';
import type { RechargeOrder, RechargeView } from './recharge-types';

/** GET /v1/health: liveness and the deployed version; needs no login. */
export function getHealth(): Promise<HealthResponse> {
  return callRoute('GET /v1/health', {});
}

/** POST /v1/auth/login: trades a wx.login code (or `local:<openid>` in demo mode) for a token. */
export function login(code: string): Promise<LoginResponse> {
  return callRoute('POST /v1/auth/login', { body: { code } });
}

/** GET /v1/me: who the token belongs to (the given one, else the current bearer token). */
export function getMe(bearerToken?: string): Promise<MeResponse> {
  return callRoute('GET /v1/me', bearerToken === undefined ? {} : { bearerToken });
}

/** GET /v1/me/meters: the meters bound to the logged-in tenant. */
export function listMyMeters(): Promise<List<MeterView>> {
  return callRoute('GET /v1/me/meters', {});
}

/** GET /v1/meters/{meterId}: one meter with its current balance (404 unless bound to the tenant). */
export function getMeter(meterId: string): Promise<MeterView> {
  return callRoute('GET /v1/meters/{meterId}', { params: { meterId } });
}

/**
 * POST /v1/recharges: opens a WeChat Pay order of `amountFen` for the meter. Nothing is
 * credited yet; the balance moves only when WeChat Pay notifies the API of the payment.
 */
export function createRecharge(meterId: string, amountFen: number): Promise<RechargeOrder> {
  return callRoute('POST /v1/recharges', { body: { meterId, amountFen } });
}

/** GET /v1/recharges/{outTradeNo}: where a recharge order stands. */
export function getRecharge(outTradeNo: string): Promise<RechargeView> {
  return callRoute('GET /v1/recharges/{outTradeNo}', { params: { outTradeNo } });
}

/** GET /v1/meters/{meterId}/readings: the latest readings, newest first, each with when it was taken and when it arrived. */
export function listReadings(meterId: string, limit: number): Promise<List<ReadingView>> {
  return callRoute('GET /v1/meters/{meterId}/readings', { params: { meterId }, query: { limit } });
}

/** GET /v1/meters/{meterId}/usage: consumption and cost by hour, day or month over a range (Beijing dates). */
export function getUsage(meterId: string, range: { granularity: 'hour' | 'day' | 'month'; from: string; to: string }): Promise<UsageView> {
  return callRoute('GET /v1/meters/{meterId}/usage', { params: { meterId }, query: range });
}

/** GET /v1/meters/{meterId}/usage/insights: forecast, last month's price, tier progress or time-of-use split, tips. */
export function getUsageInsights(meterId: string): Promise<UsageInsightsView> {
  return callRoute('GET /v1/meters/{meterId}/usage/insights', { params: { meterId } });
}

/** GET /v1/meters/{meterId}/records: days of charges summed, every other entry alone, with the running balance. */
export function listRecords(meterId: string, cursor?: string) {
  return callRoute('GET /v1/meters/{meterId}/records', { params: { meterId }, query: { limit: 20, cursor } });
}

/** GET /v1/meters/{meterId}/ledger/{entryId}: one entry, for its receipt. */
export function getLedgerEntry(meterId: string, entryId: string) {
  return callRoute('GET /v1/meters/{meterId}/ledger/{entryId}', { params: { meterId, entryId } });
}

/** GET /v1/meters/{meterId}/refund-requests: the meter's requests and what may still be asked for. */
export function listRefunds(meterId: string, cursor?: string) {
  return callRoute('GET /v1/meters/{meterId}/refund-requests', { params: { meterId }, query: { limit: 20, cursor } });
}

/** POST /v1/refund-requests: asks for `amountFen` back (the wallet is debited only when a manager approves). */
export function requestRefund(meterId: string, amountFen: number, reason: string) {
  return callRoute('POST /v1/refund-requests', { body: { meterId, amountFen, reason } });
}

/** GET /v1/me/subscriptions: per kind, the template to ask for and the messages still granted. */
export function getSubscriptions() {
  return callRoute('GET /v1/me/subscriptions', {});
}

/** POST /v1/me/subscriptions: what wx.requestSubscribeMessage answered. */
export function recordSubscriptions(results: Record<string, 'accept' | 'reject' | 'ban' | 'filter'>) {
  return callRoute('POST /v1/me/subscriptions', { body: { results } });
}

/** POST /v1/me/phone: where SMS goes when no WeChat message can be sent (null forgets it). */
export function setPhone(phone: string | null) {
  return callRoute('POST /v1/me/phone', { body: { phone } });
}

/** GET /v1/meters/{meterId}/alarms: what is wrong with the meter now, most severe first. */
export function listMeterAlarms(meterId: string) {
  return callRoute('GET /v1/meters/{meterId}/alarms', { params: { meterId } });
}

/** GET /v1/meters/{meterId}/notifications: the messages the tenant was sent about the meter. */
export function listNotifications(meterId: string, cursor?: string) {
  return callRoute('GET /v1/meters/{meterId}/notifications', { params: { meterId }, query: { limit: 20, cursor } });
}

/** GET /v1/admin/overview: the caller's buildings, meters by state and today's money and use (staff). */
export function getOverview() {
  return callRoute('GET /v1/admin/overview', {});
}

/** POST /v1/me/invitations: the logged-in user becomes what the invitation says. */
export function redeemInvitation(code: string) {
  return callRoute('POST /v1/me/invitations', { body: { code } });
}
