import { containerDepsWithPayments } from '../deps-payments';
import { sweepPendingOrders } from '../services/recharges';
import { sweepRefunds as sweepRefundRequests, type RefundSweepReport } from '../services/refunds';

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

/** Every 2 minutes: carry out decisions whose approver died, and settle WeChat refund parts whose outcome is unknown or whose notification was lost. */
export async function sweepRefunds(): Promise<RefundSweepReport> {
  const deps = await containerDepsWithPayments();
  try {
    return await sweepRefundRequests(deps);
  } catch (error) {
    deps.log.error({ err: error }, 'refund sweep failed');
    throw error;
  }
}
