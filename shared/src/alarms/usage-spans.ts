/**
 * Usage intervals as integer spans of epoch milliseconds, checked and sorted,
 * and their hourly rates as exact fractions: the rules compare rates by cross
 * multiplication, so no rate is ever rounded before a decision.
 */
import type { AlarmUsageInterval } from './input';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** A checked interval: `fromMs < toMs`, `quantity` a non-negative safe integer of base units. */
export interface UsageSpan {
  readonly fromMs: number;
  readonly toMs: number;
  readonly quantity: number;
}

/** A rate in base units per hour, exactly `numerator / denominator` (denominator > 0). */
export interface HourlyRate {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/**
 * Checks and sorts intervals by time.
 *
 * @throws RangeError for an invalid Date, an empty or backwards interval, a
 *   quantity that is not a non-negative safe integer, or two overlapping
 *   intervals: intervals are built by the platform from accepted readings, so
 *   any of these is a programmer error.
 */
export function toUsageSpans(usage: readonly AlarmUsageInterval[]): UsageSpan[] {
  const spans = usage.map((interval, index) => toSpan(interval, index));
  spans.sort((a, b) => a.fromMs - b.fromMs || a.toMs - b.toMs);
  for (let index = 1; index < spans.length; index += 1) {
    const previous = spans[index - 1];
    const current = spans[index];
    if (previous && current && current.fromMs < previous.toMs) {
      throw new RangeError(`Usage intervals overlap at ${new Date(current.fromMs).toISOString()}`);
    }
  }
  return spans;
}

function toSpan(interval: AlarmUsageInterval, index: number): UsageSpan {
  const fromMs = validMs(interval.from, `recentUsage[${index}].from`);
  const toMs = validMs(interval.to, `recentUsage[${index}].to`);
  if (toMs <= fromMs) throw new RangeError(`recentUsage[${index}] must end after it starts`);
  const { quantity } = interval;
  if (!Number.isSafeInteger(quantity) || quantity < 0) {
    throw new RangeError(`recentUsage[${index}].quantity must be a non-negative safe integer, got ${quantity}`);
  }
  return { fromMs, toMs, quantity };
}

/** The epoch milliseconds of a valid Date. @throws RangeError otherwise. */
export function validMs(at: Date, name: string): number {
  const ms = at instanceof Date ? at.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}

/** The span's rate: `quantity × 1 h / duration`. */
export function hourlyRate(span: UsageSpan): HourlyRate {
  return { numerator: BigInt(span.quantity) * BigInt(HOUR_MS), denominator: BigInt(span.toMs - span.fromMs) };
}

/** Negative, zero or positive as `a` is below, equal to or above `b`, exactly. */
export function compareRates(a: HourlyRate, b: HourlyRate): number {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The exact median; for an even count, the mean of the two middle rates. @throws RangeError for no rates. */
export function medianRate(rates: readonly HourlyRate[]): HourlyRate {
  const sorted = [...rates].sort(compareRates);
  const upper = sorted[Math.floor(sorted.length / 2)];
  if (!upper) throw new RangeError('The median of no rates is undefined');
  const lower = sorted.length % 2 === 0 ? sorted[sorted.length / 2 - 1] : undefined;
  if (!lower) return upper;
  return {
    numerator: lower.numerator * upper.denominator + upper.numerator * lower.denominator,
    denominator: 2n * lower.denominator * upper.denominator,
  };
}

/** The rate rounded down to whole base units per hour, for display and details. */
export function floorRate(rate: HourlyRate): number {
  // Non-negative operands: bigint division truncates, which is the floor here.
  return Number(rate.numerator / rate.denominator);
}
