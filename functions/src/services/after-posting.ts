import type { AlarmMeterStatus } from '@prepaid/shared';
import type { Deps } from '../deps';
import { evaluateAlarms } from './alarms';
import { dispatchCommand, reconcileSupply } from './commands';

/**
 * What follows every change of a wallet or every accepted reading: the
 * supply rule (cut at 0, restore above it) with a first attempt to send the
 * command at once, then the meter's alarms. A command that cannot be sent now
 * stays queued for the scheduled dispatcher; nothing here fails the posting
 * that already happened.
 */
export async function afterPosting(deps: Deps, meterId: string, balanceFen: number | null, options: { status?: AlarmMeterStatus } = {}): Promise<void> {
  try {
    if (balanceFen !== null) {
      const queued = await reconcileSupply(deps, meterId, balanceFen);
      if (queued) await dispatchCommand(deps, queued);
    }
    const meter = await deps.store.meters.get(meterId);
    if (meter) await evaluateAlarms(deps, meter, options);
  } catch (error) {
    deps.log.error({ err: error, meterId }, 'after-posting work failed; the scheduled sweeps will pick it up');
  }
}
