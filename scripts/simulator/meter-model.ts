/**
 * One simulated meter's physics: a register that counts what the household
 * uses while the supply is on, a relay or valve, and a keep-power flag.
 * Registers are kept exact (fractions of a Wh or L) and shown, as a meter's
 * display does, truncated to the codecs' 10 Wh / 10 L resolution; so what a
 * meter reports never goes backwards.
 */
import { electricityPowerW, householdProfile, SLOT_MS, touRegisterAt, waterSlotLitres, type HouseholdProfile } from './load-curves';
import { randomFor } from './random';
import type { MeterOperation } from './frames';
import type { SimMeter } from './types';

export type RateRegister = 'rate1' | 'rate2' | 'rate3' | 'rate4';
const RATES: readonly RateRegister[] = ['rate1', 'rate2', 'rate3', 'rate4'];

export interface MeterModel {
  readonly meter: SimMeter;
  readonly profile: HouseholdProfile;
  readonly seed: number;
  /** Exact cumulative use, base units (Wh or L). */
  exact: number;
  /** Exact per-period registers (electricity). */
  readonly rates: Record<RateRegister, number>;
  supply: 'on' | 'off';
  keepOn: boolean;
  /** Simulated ms up to which use has been counted. */
  countedToMs: number;
}

const floorTo10 = (value: number): number => Math.floor(value / 10) * 10;

/** A new meter showing `startValue` (rounded up to 10), its history split over the rate registers. */
export function createMeterModel(meter: SimMeter, seed: number, atMs: number): MeterModel {
  const start = Math.ceil(meter.startValue / 10) * 10;
  const rate1 = floorTo10(start * 0.1);
  const rate2 = floorTo10(start * 0.35);
  const rate3 = floorTo10(start * 0.2);
  return {
    meter,
    profile: householdProfile(seed, meter.meterId),
    seed,
    exact: start,
    rates: { rate1, rate2, rate3, rate4: start - rate1 - rate2 - rate3 },
    supply: 'on',
    keepOn: false,
    countedToMs: atMs,
  };
}

/** What the slot starting at `slotStartMs` uses in all, in base units (drawn the same way whatever the tick pattern). */
function slotUse(model: MeterModel, slotIndex: number): number {
  const random = randomFor(model.seed, model.meter.meterId, 'slot', slotIndex);
  const slotStartMs = slotIndex * SLOT_MS;
  if (model.meter.utility === 'water') return waterSlotLitres(model.profile, slotStartMs, random);
  return (electricityPowerW(model.profile, slotStartMs, random) * SLOT_MS) / 3_600_000;
}

/** Counts use from where the model stopped up to `toMs`; nothing while the supply is off. */
export function advanceMeter(model: MeterModel, toMs: number): void {
  while (model.countedToMs < toMs) {
    const slotIndex = Math.floor(model.countedToMs / SLOT_MS);
    const endMs = Math.min((slotIndex + 1) * SLOT_MS, toMs);
    if (model.supply === 'on') {
      const used = (slotUse(model, slotIndex) * (endMs - model.countedToMs)) / SLOT_MS;
      model.exact += used;
      if (model.meter.utility === 'electricity') model.rates[touRegisterAt(model.countedToMs)] += used;
    }
    model.countedToMs = endMs;
  }
}

/** What the meter displays now: the total and the rate registers, each truncated to 10. */
export function displayedValues(model: MeterModel): { value: number; rates: Record<RateRegister, number> } {
  const rates = Object.fromEntries(RATES.map((rate) => [rate, floorTo10(model.rates[rate])])) as Record<RateRegister, number>;
  return { value: floorTo10(model.exact), rates };
}

/**
 * Carries out a command. Returns whether the meter accepted it (a meter in
 * keep-power mode refuses to trip) and, for "close allowed", that the relay
 * now waits for the tenant's button.
 */
export function applyOperation(model: MeterModel, operation: MeterOperation): { accepted: boolean; awaitsButton: boolean } {
  if (operation.kind === 'valve') {
    model.supply = operation.action === 'open' ? 'on' : 'off';
    return { accepted: true, awaitsButton: false };
  }
  switch (operation.action) {
    case 'trip':
      if (model.keepOn) return { accepted: false, awaitsButton: false };
      model.supply = 'off';
      return { accepted: true, awaitsButton: false };
    case 'close_direct':
      model.supply = 'on';
      return { accepted: true, awaitsButton: false };
    case 'close_allowed':
      return { accepted: true, awaitsButton: model.supply === 'off' };
    case 'keep_on':
      model.keepOn = true;
      model.supply = 'on';
      return { accepted: true, awaitsButton: false };
    case 'keep_off':
      model.keepOn = false;
      return { accepted: true, awaitsButton: false };
  }
}
