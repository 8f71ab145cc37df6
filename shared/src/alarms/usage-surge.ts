/**
 * `usage_surge`: the latest interval's hourly rate far above the meter's own
 * recent pattern. Compared with the meter itself, not with a fixed limit, so a
 * shop and a bedsit each get their own baseline; the floor keeps an almost idle
 * meter (median near 0) from alarming at the first kettle.
 */
import type { AlarmFinding } from './kinds';
import type { AlarmUtility } from './input';
import { formatAlarmQuantity } from './format-quantity';
import { compareRates, floorRate, hourlyRate, medianRate, type HourlyRate, type UsageSpan } from './usage-spans';

/** The latest rate must exceed this many times the median of the earlier ones. */
export const SURGE_FACTOR = 3;
/** Fewer earlier intervals than this are no pattern to compare with. */
export const SURGE_MIN_PREVIOUS_INTERVALS = 6;

/**
 * A surge when the latest interval's rate is strictly above both
 * `SURGE_FACTOR × median(rates of all earlier intervals)` and `floorPerHour`,
 * and there are at least `SURGE_MIN_PREVIOUS_INTERVALS` earlier intervals.
 * Rates are exact fractions; the details carry them rounded down to whole base
 * units per hour. The median of an even count is the mean of the two middle rates.
 *
 * Intervals of very different lengths make a poor comparison (an hour's peak
 * against daily averages): callers should pass intervals of one granularity.
 *
 * @param spans checked and sorted (see `toUsageSpans`).
 */
export function findUsageSurge(spans: readonly UsageSpan[], utility: AlarmUtility, floorPerHour: number): AlarmFinding | null {
  const latest = spans[spans.length - 1];
  const previous = spans.slice(0, -1);
  if (!latest || previous.length < SURGE_MIN_PREVIOUS_INTERVALS) return null;
  const rate = hourlyRate(latest);
  const median = medianRate(previous.map(hourlyRate));
  const threshold: HourlyRate = { numerator: BigInt(SURGE_FACTOR) * median.numerator, denominator: median.denominator };
  const floor: HourlyRate = { numerator: BigInt(floorPerHour), denominator: 1n };
  if (compareRates(rate, threshold) <= 0 || compareRates(rate, floor) <= 0) return null;
  const ratePerHour = floorRate(rate);
  const medianPerHour = floorRate(median);
  return {
    kind: 'usage_surge',
    severity: 'warning',
    message: `用量突增：每小时 ${formatAlarmQuantity(ratePerHour, utility)}（平时约 ${formatAlarmQuantity(medianPerHour, utility)}）`,
    details: {
      ratePerHour,
      medianPerHour,
      floorPerHour,
      unit: utility === 'water' ? 'L' : 'Wh',
      intervalFrom: new Date(latest.fromMs).toISOString(),
      intervalTo: new Date(latest.toMs).toISOString(),
    },
  };
}
