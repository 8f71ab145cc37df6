import { AppError } from '../errors';
import { allocate } from '../money';
import { checkInput, priceInterval } from './price-consumption';
import type { PriceItem, PricingInput, PricingResult } from './pricing-types';
import type { Tariff } from './schema';
import { epochMs } from './shanghai-time';
import { TOU_PERIODS, type TouPeriod } from './tou-schema';

/** A tariff in force from `effectiveFrom` until the next version's `effectiveFrom`. */
export interface TariffVersion {
  readonly effectiveFrom: Date;
  readonly tariff: Tariff;
}

interface Piece {
  readonly version: TariffVersion;
  readonly fromMs: number;
  readonly toMs: number;
}

/** The pieces of `[fromMs, toMs)` cut at version boundaries, each with the version in force. */
function cutAtVersions(sorted: readonly TariffVersion[], fromMs: number, toMs: number): Piece[] {
  return sorted.flatMap((version, index): Piece[] => {
    const next = sorted[index + 1];
    const startMs = Math.max(fromMs, version.effectiveFrom.getTime());
    const endMs = Math.min(toMs, next ? next.effectiveFrom.getTime() : toMs);
    return endMs > startMs ? [{ version, fromMs: startMs, toMs: endMs }] : [];
  });
}

function sortVersions(versions: readonly TariffVersion[]): TariffVersion[] {
  if (versions.length === 0) throw new RangeError('priceWithVersions needs at least one version');
  versions.forEach((version, index) => epochMs(version.effectiveFrom, `versions[${index}].effectiveFrom`));
  const sorted = [...versions].sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime());
  sorted.forEach((version, index) => {
    const previous = sorted[index - 1];
    if (previous && previous.effectiveFrom.getTime() === version.effectiveFrom.getTime()) {
      throw new RangeError(`Two tariff versions take effect at ${version.effectiveFrom.toISOString()}`);
    }
    if (previous && previous.tariff.utility !== version.tariff.utility) throw new RangeError('Tariff versions must share a utility');
  });
  return sorted;
}

/** Splits each register over the pieces by time, like the total quantity. */
function splitRegisters(registers: PricingInput['registers'], durations: readonly number[]): PricingInput['registers'][] {
  if (!registers) return durations.map(() => undefined);
  const perPiece = durations.map((): Partial<Record<TouPeriod, number>> => ({}));
  for (const period of TOU_PERIODS) {
    const value = registers[period];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`Register ${period} must be a non-negative safe integer`);
    allocate(value, durations).forEach((share, index) => {
      const target = perPiece[index];
      if (target) target[period] = share;
    });
  }
  return perPiece;
}

/**
 * Prices an interval under effective-dated tariff versions: the interval is
 * cut at every `effectiveFrom` inside it, the quantity (and any registers) is
 * allocated to the pieces in proportion to their duration, and each piece is
 * priced by the version in force. A price change therefore never rewrites
 * consumption billed before it, and a meter can switch between two schedules
 * at a set instant. Tier counting runs on across pieces, in the cycle of `to`.
 *
 * @throws AppError `tariff.not_in_force` (400) when `from` precedes the first version.
 * @throws RangeError for no versions, two versions at the same instant, mixed utilities, or malformed input.
 */
export function priceWithVersions(versions: readonly TariffVersion[], input: PricingInput): PricingResult {
  const times = checkInput(input);
  const sorted = sortVersions(versions);
  const first = sorted[0];
  if (!first || times.fromMs < first.effectiveFrom.getTime()) {
    throw new AppError('tariff.not_in_force', 400, `No tariff is in force at ${input.from.toISOString()}`, {
      details: { at: input.from.toISOString(), effectiveFrom: first?.effectiveFrom.toISOString() },
    });
  }
  const pieces = cutAtVersions(sorted, times.fromMs, times.toMs);
  const durations = pieces.map((piece) => piece.toMs - piece.fromMs);
  const quantities = allocate(input.quantity, durations);
  const registers = splitRegisters(input.registers, durations);
  let cycleUsedBefore = input.cycleUsedBefore;
  const items: PriceItem[] = [];
  pieces.forEach((piece, index) => {
    const quantity = quantities[index] ?? 0;
    const pieceInput: PricingInput = { ...input, quantity, cycleUsedBefore, registers: registers[index] };
    const result = priceInterval(piece.version.tariff, pieceInput, { ...times, fromMs: piece.fromMs, toMs: piece.toMs });
    items.push(...result.items.map((item) => ({ ...item, effectiveFrom: piece.version.effectiveFrom })));
    cycleUsedBefore += quantity;
  });
  return { items, totalMicroFen: items.reduce((sum, item) => sum + item.costMicroFen, 0n) };
}
