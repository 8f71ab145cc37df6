import { containerDepsWithPayments } from '../deps-payments';
import { sweepPendingOrders } from '../services/recharges';
import { reportRefundBacklog, sweepRefunds as sweepRefundRequests, type RefundSweepReport } from '../services/refunds';
// A money path: traced end to end where tracing is on (serverless.yml tracing: Active).
import '../platform/tracer';

/** Every 2 minutes: settle recharge orders whose notification was lost, close the expired unpaid ones. */
export async function sweepOrders(): Promise<{ settled: number; closed: number }> {
  const deps = await containerDepsWithPayments();
  try {
    return await sweepPendingOrders(deps);
  } catch (error) {
    deps.log.error({ err: error }, 'order sweep failed');
    throw error;
  }
}

/**
 * Every 2 minutes: carry out decisions whose approver died, and settle WeChat
 * refund parts whose outcome is unknown or whose notification was lost; then
 * report the requests waiting for a manager (the backlog's metrics, alarmed).
 * Either failing fails the run (retried, then alarmed); the other still runs.
 */
export async function sweepRefunds(): Promise<RefundSweepReport & { waiting: number }> {
  const deps = await containerDepsWithPayments();
  let report: RefundSweepReport = { looked: 0, decided: 0, settled: 0 };
  let failure: unknown = null;
  try {
    report = await sweepRefundRequests(deps);
  } catch (error) {
    deps.log.error({ err: error }, 'refund sweep failed');
    failure = error;
  }
  let waiting = 0;
  try {
    waiting = (await reportRefundBacklog(deps)).waiting;
  } catch (error) {
    deps.log.error({ err: error }, 'refund backlog not reported');
    failure ??= error;
  }
  if (failure) throw failure;
  return { ...report, waiting };
}
