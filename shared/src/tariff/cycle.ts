import { divide } from '../money';
import { DAY_MS, epochMs, shanghaiCalendar, shanghaiMidnightMs, startOfShanghaiDayMs } from './shanghai-time';
import type { Tariff } from './schema';

/** A tier cycle: the calendar month or year, Asia/Shanghai. */
export type TierCycle = 'month' | 'year';

/** `[startMs, endMs)` of a cycle, both local midnights. */
export interface CycleBounds {
  readonly startMs: number;
  readonly endMs: number;
}

/** The cycle containing `atMs`. */
export function cycleBounds(cycle: TierCycle, atMs: number): CycleBounds {
  const { year, month } = shanghaiCalendar(atMs);
  if (cycle === 'year') return { startMs: shanghaiMidnightMs(year, 1, 1), endMs: shanghaiMidnightMs(year + 1, 1, 1) };
  return { startMs: shanghaiMidnightMs(year, month, 1), endMs: shanghaiMidnightMs(year, month + 1, 1) };
}

/**
 * The key of the tier cycle `at` falls in: '2026' for a yearly tariff,
 * '2026-11' for a monthly one. Consumption belongs to the cycle of the reading
 * that reports it, so callers key their "used in this cycle" counter by
 * `cycleKey(tariff, reading.at)`. Flat and time-of-use tariffs have no tiers;
 * they get the month key, so one counter scheme serves every kind.
 */
export function cycleKey(tariff: Tariff, at: Date): string {
  const { year, month } = shanghaiCalendar(epochMs(at, 'at'));
  return tariff.kind === 'tiered' && tariff.cycle === 'year' ? String(year) : `${year}-${String(month).padStart(2, '0')}`;
}

/**
 * A threshold pro-rated for a tenant who moved in during the cycle:
 * `threshold × daysLeft / daysInCycle`, rounded half up to a whole base unit,
 * where `daysLeft` counts the local calendar days from the move-in day
 * (inclusive, a whole day whatever the hour) to the end of the cycle. A
 * move-in at or before the cycle's start leaves the threshold whole.
 *
 * @example 240 kWh, move-in on 16 November (15 of 30 days left) → 120 kWh
 */
export function proRatedThreshold(thresholdBaseUnits: number, bounds: CycleBounds, tenancyStartMs: number | undefined): number {
  if (tenancyStartMs === undefined || tenancyStartMs <= bounds.startMs) return thresholdBaseUnits;
  const daysInCycle = (bounds.endMs - bounds.startMs) / DAY_MS;
  const daysLeft = Math.max(0, (bounds.endMs - startOfShanghaiDayMs(tenancyStartMs)) / DAY_MS);
  return Number(divide(BigInt(thresholdBaseUnits) * BigInt(daysLeft), BigInt(daysInCycle), 'halfUp'));
}
