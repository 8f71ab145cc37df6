/** Refunds: a tenant's request, a manager's decision claimed once, WeChat parts settled only on WeChat's word, and the sweep that finishes what was left. */
export { listMeterRefunds, requestRefund } from './request';
export { carryOutDecision, decideRefund, type DecisionInput } from './decide';
export { settleRefundNotification } from './wechat';
export { reportRefundBacklog, sweepRefunds, type RefundSweepReport } from './sweep';
