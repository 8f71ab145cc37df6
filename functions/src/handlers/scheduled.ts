import { containerDeps } from '../deps';
import { sweepMeters as sweepAllMeters, type MeterSweepReport } from '../services/meter-sweep';
import { endDueMassActions } from '../services/mass-actions';
import { dispatchDueCommands } from '../services/supply-control';

/**
 * Every minute: send or re-send due commands and expire the stale ones, then
 * end the mass actions whose time has come (their keep-off commands go out
 * at once or on the next run). A failed part is logged and the other still
 * runs; then the run fails, so Lambda retries it and, failing again, its
 * event goes to the failed-invocations queue and the sweep's alarm fires.
 */
export async function dispatchCommands(): Promise<{ dispatched: number; massEnded: number }> {
  const deps = await containerDeps();
  let dispatched = 0;
  let failure: unknown = null;
  try {
    dispatched = await dispatchDueCommands(deps);
  } catch (error) {
    deps.log.error({ err: error }, 'command sweep failed');
    failure = error;
  }
  let massEnded = 0;
  try {
    massEnded = await endDueMassActions(deps);
  } catch (error) {
    deps.log.error({ err: error }, 'mass action sweep failed');
    failure ??= error;
  }
  if (failure) throw failure;
  return { dispatched, massEnded };
}

/**
 * Every 15 minutes: every meter's alarms (a meter that stopped reporting is
 * found and marked offline) and its supply reconciled. A failure is logged and fails the run (retried, then alarmed).
 */
export async function sweepMeters(): Promise<MeterSweepReport> {
  const deps = await containerDeps();
  try {
    return await sweepAllMeters(deps);
  } catch (error) {
    deps.log.error({ err: error }, 'meter sweep failed');
    throw error;
  }
}
