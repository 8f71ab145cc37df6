import type { AlarmMeterStatus } from '@prepaid/shared';
import type { Deps } from '../deps';
import type { MeterRecord } from '../store';
import { evaluateAlarms } from './alarms';
import { dispatchCommand, reconcileSupply } from './commands';

/**
 * What follows every change of a wallet or every accepted reading: the
 * supply rule (cut at 0, restore above it) with a first attempt to send the
 * command at once, then the meter's alarms. A command that cannot be sent now
 * stays queued for the scheduled dispatcher; nothing here fails the posting
 * that already happened.
 */
export async function afterPosting(
  deps: Deps,
  meter: MeterRecord,
  balanceFen: number | null,
  options: { status?: AlarmMeterStatus; movement?: 'credit' | 'debit' } = {},
): Promise<void> {
  try {
    if (balanceFen !== null) {
      const queued = await reconcileSupply(deps, meter, balanceFen, options.movement ?? 'debit');
      if (queued) await dispatchCommand(deps, queued);
    }
    await evaluateAlarms(deps, meter, { ...(options.status ? { status: options.status } : {}), ...(balanceFen !== null ? { balanceFen } : {}) });
  } catch (error) {
    deps.log.error({ err: error, meterId: meter.id }, 'after-posting work failed; the scheduled sweeps will pick it up');
  }
}
