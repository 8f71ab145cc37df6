import { AppError, type MeterReplacementRequest } from '@prepaid/shared';
import type { Deps } from '../deps';
import type { Principal } from '../http/types';
import type { StoredReading } from '../store';
import { processReading } from './billing';
import { restartPurchases } from './meter-side';
import { toReadingView } from './meters';
import { operatorOf } from './payments';

/**
 * Replaces a meter's register: the old meter's final reading is billed like
 * any reading, then the new meter's first reading becomes the baseline, so
 * no consumption is lost or billed twice across the swap.
 */
export async function replaceMeter(deps: Deps, principal: Principal, meterId: string, body: MeterReplacementRequest) {
  const finalAt = new Date(body.oldFinal.at);
  const baselineAt = new Date(body.newBaseline.at);
  if (baselineAt.getTime() <= finalAt.getTime()) {
    throw new AppError('reading.invalid_replacement', 400, 'The new meter must start after the old one stopped', { details: { field: 'body.newBaseline.at' } });
  }
  const source = `replacement:${operatorOf(principal)}`;
  const final = await processReading(deps, meterId, { value: body.oldFinal.value, unit: body.unit, at: finalAt, source, enteredByHand: true });
  const atIso = baselineAt.toISOString();
  const baseline: StoredReading = {
    meterId,
    value: body.newBaseline.value,
    unit: body.unit,
    at: atIso,
    status: 'baseline',
    reason: 'replacement',
    source,
    receivedAt: deps.clock.now().toISOString(),
  };
  const reset = await deps.store.readings.record(meterId, atIso, (wallet) => {
    if (wallet.lastReading && wallet.lastReading.at > atIso) {
      throw new AppError('reading.replacement_out_of_order', 409, 'The old meter reported after the replacement time');
    }
    return { deltaFen: 0, state: { lastReading: { value: baseline.value, at: atIso }, historyRev: wallet.historyRev + 1 }, guardItem: baseline, result: baseline };
  });
  const meter = await deps.store.meters.get(meterId);
  if (meter && body.newAddress) await deps.store.meters.setAddress(meter, body.newAddress);
  // A meter that keeps its own balance: the new one starts with nothing and counts purchases from 0; it is sent what the wallet holds.
  if (meter?.billing === 'meter') await restartPurchases(deps, meterId, atIso);
  return {
    final: toReadingView(final.reading),
    baseline: toReadingView(reset.reading),
    balanceFen: (await deps.store.meters.getView(meterId))?.balanceFen ?? null,
  };
}
