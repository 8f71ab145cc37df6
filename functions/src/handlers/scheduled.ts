import { containerDeps } from '../deps';
import { sweepMeters as sweepAllMeters, type MeterSweepReport } from '../services/meter-sweep';
import { endDueMassActions } from '../services/mass-actions';
import { dispatchDueCommands } from '../services/supply-control';

/**
 * Every minute: send or re-send due commands and expire the stale ones, then
 * end the mass actions whose time has come (their keep-off commands go out
 * at once or on the next run). Never throws: a failed sweep is logged and
 * the next one carries on.
 */
export async function dispatchCommands(): Promise<{ dispatched: number; massEnded: number }> {
  const deps = await containerDeps();
  let dispatched = 0;
  try {
    dispatched = await dispatchDueCommands(deps);
  } catch (error) {
    deps.log.error({ err: error }, 'command sweep failed');
  }
  try {
    return { dispatched, massEnded: await endDueMassActions(deps) };
  } catch (error) {
    deps.log.error({ err: error }, 'mass action sweep failed');
    return { dispatched, massEnded: 0 };
  }
}

/**
 * Every 15 minutes: every meter's alarms (a meter that stopped reporting is
 * found and marked offline) and its supply reconciled. Never throws.
 */
export async function sweepMeters(): Promise<MeterSweepReport> {
  const deps = await containerDeps();
  try {
    return await sweepAllMeters(deps);
  } catch (error) {
    deps.log.error({ err: error }, 'meter sweep failed');
    return { meters: 0, raised: 0, queued: 0 };
  }
}
