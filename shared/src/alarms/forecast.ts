/**
 * How many days a balance lasts at the meter's recent pace. Exact: the cost
 * of the recent window is an exact bigint of micro-fen and the days are one
 * floored division, so a balance that lasts 2.99 days is 2 days, never 3.
 */
import { divide, MICRO_FEN_PER_FEN } from '../money';
import type { AlarmUsageInterval } from './input';
import { DAY_MS, toUsageSpans, type UsageSpan } from './usage-spans';

/** Less data than a day says nothing about a daily pace (a day has a night and an evening). */
export const MIN_FORECAST_WINDOW_MS = DAY_MS;

/**
 * Whole days `balanceFen` lasts at the average daily cost of `usage`:
 * `floor(balance / (Σ quantity × costPerUnit / covered days))`, where covered
 * days are the summed lengths of the intervals (a gap is missing data, not a
 * day without use, so it must not dilute the pace).
 *
 * @returns null when the intervals cover less than 24 h or cost nothing (no
 *   pace to extrapolate); 0 for a balance at or below 0; saturates at
 *   `Number.MAX_SAFE_INTEGER`.
 * @throws RangeError for a non-integer balance, a negative cost or malformed intervals.
 * @example forecastDaysRemaining(1234, oneDayOf10kWh, 48_830n) // 2 (488.3 fen a day)
 */
export function forecastDaysRemaining(
  balanceFen: number,
  usage: readonly AlarmUsageInterval[],
  costPerUnitMicroFen: bigint,
): number | null {
  return forecastFromSpans(balanceFen, toUsageSpans(usage), costPerUnitMicroFen);
}

/** {@link forecastDaysRemaining} on checked spans. */
export function forecastFromSpans(balanceFen: number, spans: readonly UsageSpan[], costPerUnitMicroFen: bigint): number | null {
  if (!Number.isSafeInteger(balanceFen)) throw new RangeError(`balanceFen must be a safe integer, got ${balanceFen}`);
  if (typeof costPerUnitMicroFen !== 'bigint' || costPerUnitMicroFen < 0n) {
    throw new RangeError('costPerUnitMicroFen must be a non-negative bigint');
  }
  const coveredMs = spans.reduce((sum, span) => sum + BigInt(span.toMs - span.fromMs), 0n);
  if (coveredMs < BigInt(MIN_FORECAST_WINDOW_MS)) return null;
  const quantity = spans.reduce((sum, span) => sum + BigInt(span.quantity), 0n);
  const windowCostMicroFen = quantity * costPerUnitMicroFen;
  if (windowCostMicroFen === 0n) return null;
  if (balanceFen <= 0) return 0;
  // balance / (windowCost × DAY / covered) = balance × covered / (windowCost × DAY), in micro-fen.
  const days = divide(BigInt(balanceFen) * MICRO_FEN_PER_FEN * coveredMs, windowCostMicroFen * BigInt(DAY_MS), 'floor');
  return days > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(days);
}
