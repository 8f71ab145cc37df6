import { alarmNotices, circuitTripFinding, HOLDING_TRIP_CAUSES, tripTip, type TripCause } from '@prepaid/shared';
import type { Deps } from '../deps';
import type { MeterRecord } from '../store';
import { raise } from './alarms';
import { notifyAll } from './notifications';
import { reconcileAndSend } from './supply-control';

/** A trip as a terminal reports it for one of its circuits. */
export interface ReportedTrip {
  readonly cause: TripCause;
  readonly powerW?: number;
  readonly limitW?: number;
  readonly at: Date;
}

export const SYSTEM_TRIP_HOLD = 'system:trip';

/**
 * A circuit's own protection opened it. The circuit is off (the terminal
 * says so), the manager has an alarm, and the tenant is told why the power
 * went, with what to do. After a forbidden appliance, a short or a leak the
 * circuit stays off until a manager restores it (a hold, as a manual cut):
 * no payment and no reclosing terminal switches a heater back on by itself.
 * An overload may reclose. The same trip reported again tells no one twice.
 */
export async function recordTrip(deps: Deps, meter: MeterRecord, trip: ReportedTrip): Promise<{ raised: boolean }> {
  const finding = circuitTripFinding({ ...trip, circuitLabel: meter.circuit?.label ?? null });
  const now = deps.clock.now();
  // One open trip alarm per circuit: another trip before a manager has looked merges into it (counted, latest details).
  const raised = await raise(deps, meter.id, finding, now);
  if (meter.supply !== 'off') await deps.store.commands.setReportedSupply(meter.id, 'off');
  if (HOLDING_TRIP_CAUSES.has(trip.cause) && !meter.supplyHold) {
    await deps.store.meters.setSupplyHold(meter.id, { by: SYSTEM_TRIP_HOLD, at: now.toISOString(), reason: finding.message });
  }
  // A trip that does not hold: the supply rule decides (a paid-up circuit's terminal may be told to reclose).
  await reconcileAndSend(deps, meter.id, { respectBackoff: true });
  // Every trip is told, each once: the notices are named by the trip's time, so the same report resent is told no one twice.
  const at = trip.at.toISOString();
  const balanceFen = (await deps.store.meters.getView(meter.id))?.balanceFen ?? 0;
  await notifyAll(deps, meter.id, [
    ...alarmNotices([finding], `trip:${at}`, now.toISOString()),
    { kind: 'supply_cut', dedupe: `trip:${at}`, facts: { at, balanceFen, tip: tripTip({ cause: trip.cause, circuitLabel: meter.circuit?.label ?? null }) } },
  ]);
  return { raised };
}
