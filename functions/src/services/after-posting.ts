import type { AlarmMeterStatus } from '@prepaid/shared';
import type { Deps } from '../deps';
import type { MeterRecord } from '../store';
import { evaluateAlarms } from './alarms';
import { issuePurchases } from './meter-side';
import { reconcileAndSend } from './supply-control';

/**
 * What follows every change of a wallet or every accepted reading: the
 * supply rule (see `reconcileSupply`: it reads the balance afresh) with a
 * first attempt to send what it queues, then the meter's alarms. A command
 * that cannot be sent now stays queued for the scheduled dispatcher; nothing
 * here fails the posting that already happened.
 */
export async function afterPosting(deps: Deps, meter: MeterRecord, balanceFen: number | null, options: { status?: AlarmMeterStatus } = {}): Promise<void> {
  try {
    if (balanceFen !== null) await reconcileAndSend(deps, meter.id);
    // A credit owed to a meter that keeps its own balance goes out as its next purchase.
    if (balanceFen !== null && meter.billing === 'meter') await issuePurchases(deps, meter.id);
    await evaluateAlarms(deps, meter, { ...(options.status ? { status: options.status } : {}), ...(balanceFen !== null ? { balanceFen } : {}) });
  } catch (error) {
    deps.log.error({ err: error, meterId: meter.id }, 'after-posting work failed; the scheduled sweeps will pick it up');
  }
}
