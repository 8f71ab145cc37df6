import { defaultDeps } from '../deps';
import { evaluateAlarms } from '../services/alarms';
import { dispatchDueCommands } from '../services/commands';
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
 * Every 15 minutes: re-evaluates every meter's alarms, which is how a meter
 * that stopped reporting (communication lost) is found; such a meter is also
 * marked offline. Never throws.
 */
export async function sweepMeters(): Promise<{ meters: number; raised: number }> {
  const deps = defaultDeps();
  let meters = 0;
  let raised = 0;
  try {
    for await (const meter of deps.store.meters.scanAll()) {
      meters += 1;
      const result = await evaluateAlarms(deps, meter);
      raised += result.raised.length;
      if (result.raised.includes('communication_lost') && meter.online) await deps.store.meters.setPresence(meter.id, false, null);
    }
  } catch (error) {
    deps.log.error({ err: error }, 'meter sweep failed');
  }
  return { meters, raised };
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
