import type { Deps } from '../deps';
import type { MeterRecord } from '../store';
import { evaluateAlarms } from './alarms';
import { issuePurchases } from './meter-side';
import { reconcileSupply } from './supply-control';

export interface MeterSweepReport {
  readonly meters: number;
  readonly raised: number;
  readonly queued: number;
}

/**
 * The periodic pass over every meter: re-evaluates its alarms (which is how a
 * meter that stopped reporting is found, and then marked offline) and
 * reconciles its supply, so a command that failed, expired or never got
 * queued is made good within one sweep. One meter's failure never stops the others.
 */
export async function sweepMeters(deps: Deps): Promise<MeterSweepReport> {
  let meters = 0;
  let raised = 0;
  let queued = 0;
  for await (const meter of deps.store.meters.scanAll()) {
    meters += 1;
    try {
      const result = await sweepMeter(deps, meter);
      raised += result.raised;
      if (result.queued) queued += 1;
    } catch (error) {
      deps.log.error({ err: error, meterId: meter.id }, 'meter not swept; the next sweep tries again');
    }
  }
  return { meters, raised, queued };
}

/** One meter's turn in the sweep: its alarms (and presence), then its supply. Throws what fails, for the sweep to log. */
export async function sweepMeter(deps: Deps, meter: MeterRecord): Promise<{ raised: number; queued: boolean }> {
  const result = await evaluateAlarms(deps, meter);
  if (result.raised.includes('communication_lost') && meter.online) await deps.store.meters.setPresence(meter.id, false, null);
  // A purchase a failed posting left unissued goes out now (a meter that keeps its own balance).
  if (meter.billing === 'meter') await issuePurchases(deps, meter.id);
  return { raised: result.raised.length, queued: (await reconcileSupply(deps, meter.id, { respectBackoff: true })) !== null };
}
