import { defaultDeps } from '../deps';
import { sweepMeters as sweepAllMeters, type MeterSweepReport } from '../services/meter-sweep';
import { dispatchDueCommands } from '../services/supply-control';
import { sweepPendingOrders } from '../services/recharges';
import { sweepRefunds as sweepRefundRequests, type RefundSweepReport } from '../services/refunds';

/**
 * Every minute: send or re-send due commands and expire the stale ones.
 * Never throws: a failed sweep is logged and the next one carries on.
 */
export async function dispatchCommands(): Promise<{ dispatched: number }> {
  const deps = defaultDeps();
  try {
    return { dispatched: await dispatchDueCommands(deps) };
  } catch (error) {
    deps.log.error({ err: error }, 'command sweep failed');
    return { dispatched: 0 };
  }
}

/**
 * Every 15 minutes: every meter's alarms (a meter that stopped reporting is
 * found and marked offline) and its supply reconciled. Never throws.
 */
export async function sweepMeters(): Promise<MeterSweepReport> {
  const deps = defaultDeps();
  try {
    return await sweepAllMeters(deps);
  } catch (error) {
    deps.log.error({ err: error }, 'meter sweep failed');
    return { meters: 0, raised: 0, queued: 0 };
  }
}

/** Every 2 minutes: settle recharge orders whose notification was lost, close the expired unpaid ones. */
export async function sweepOrders(): Promise<{ settled: number; closed: number }> {
  const deps = defaultDeps();
  try {
    return await sweepPendingOrders(deps);
  } catch (error) {
    deps.log.error({ err: error }, 'order sweep failed');
    return { settled: 0, closed: 0 };
  }
}

/** Every 2 minutes: carry out decisions whose approver died, and settle WeChat refund parts whose outcome is unknown or whose notification was lost. */
export async function sweepRefunds(): Promise<RefundSweepReport> {
  const deps = defaultDeps();
  try {
    return await sweepRefundRequests(deps);
  } catch (error) {
    deps.log.error({ err: error }, 'refund sweep failed');
    return { looked: 0, decided: 0, settled: 0 };
  }
}
