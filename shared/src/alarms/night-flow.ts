/**
 * `night_flow` (water only): water running all night long, the signature of
 * a leak (a dripping tap, a running cistern, a burst pipe) rather than of
 * someone using water, which stops.
 *
 * The night is 00:00–05:00 Asia/Shanghai. Intervals are judged by their own
 * rate and never pro-rated: pro-rating spreads a quantity evenly over its
 * interval, which is exactly the "continuous flow" being tested for, so a
 * daily reading of 48 L would look like 2 L every hour of the night. Instead:
 *
 * 1. The intervals overlapping the night must cover all of it (no gap), else
 *    there is no evidence either way.
 * 2. Each must be at most `NIGHT_MAX_INTERVAL_MINUTES` long, else the data is
 *    too coarse to tell a leak from an evening shower.
 * 3. Each must show a rate ≥ the minimum flow (which also means quantity > 0).
 *
 * The details carry `night` (the local date of the night, for de-duplicating
 * the event), the lowest rate and `judgedVolumeL`, the whole volume of the
 * judged intervals (including any part outside the night).
 *
 * An interval straddling 00:00 or 05:00 is judged whole: evening use it
 * carries can only make that one interval pass, never the rest of the night.
 *
 * Resolution limits what can be seen: a CJ/T 188 register counts in 10 L, so
 * with hourly data a leak slower than about 10 L/h shows dry hours and is not
 * reported (no false alarm, a missed slow drip).
 */
import { shanghaiCalendar, startOfShanghaiDayMs } from '../tariff';
import type { AlarmFinding } from './kinds';
import { floorRate, hourlyRate, HOUR_MS, DAY_MS, type UsageSpan } from './usage-spans';

export const NIGHT_START_HOUR = 0;
export const NIGHT_END_HOUR = 5;
/** Hourly data arrives a few minutes late or early; two-hourly data is too coarse. */
export const NIGHT_MAX_INTERVAL_MINUTES = 90;

/** The latest night `[00:00, 05:00)` Asia/Shanghai that ended at or before `nowMs`. */
export function latestNight(nowMs: number): { readonly startMs: number; readonly endMs: number } {
  const midnightMs = startOfShanghaiDayMs(nowMs);
  const tonightEndMs = midnightMs + NIGHT_END_HOUR * HOUR_MS;
  const startMs = (tonightEndMs <= nowMs ? midnightMs : midnightMs - DAY_MS) + NIGHT_START_HOUR * HOUR_MS;
  return { startMs, endMs: startMs + (NIGHT_END_HOUR - NIGHT_START_HOUR) * HOUR_MS };
}

/**
 * The night-flow rule on the latest night before `nowMs`.
 *
 * @param spans checked and sorted (see `toUsageSpans`).
 * @param minFlowLPerHour the smallest rate that counts as flow.
 */
export function findNightFlow(spans: readonly UsageSpan[], nowMs: number, minFlowLPerHour: number): AlarmFinding | null {
  const night = latestNight(nowMs);
  const judged = spans.filter((span) => span.toMs > night.startMs && span.fromMs < night.endMs);
  if (!covers(judged, night.startMs, night.endMs)) return null;
  const maxMs = NIGHT_MAX_INTERVAL_MINUTES * 60_000;
  if (judged.some((span) => span.toMs - span.fromMs > maxMs)) return null;
  const flowing = (span: UsageSpan) => BigInt(span.quantity) * BigInt(HOUR_MS) >= BigInt(minFlowLPerHour) * BigInt(span.toMs - span.fromMs);
  if (!judged.every(flowing)) return null;
  const minRateLPerHour = Math.min(...judged.map((span) => floorRate(hourlyRate(span))));
  const { year, month, day } = shanghaiCalendar(night.startMs);
  return {
    kind: 'night_flow',
    severity: 'warning',
    message: `夜间持续用水，疑似漏水：0–5 点每小时至少 ${minRateLPerHour} L`,
    details: {
      night: `${year}-${pad2(month)}-${pad2(day)}`,
      minRateLPerHour,
      intervals: judged.length,
      judgedVolumeL: judged.reduce((sum, span) => sum + span.quantity, 0),
    },
  };
}

/** True when sorted, non-overlapping spans leave no gap in `[startMs, endMs)`. */
function covers(spans: readonly UsageSpan[], startMs: number, endMs: number): boolean {
  let reachedMs = startMs;
  for (const span of spans) {
    if (span.fromMs > reachedMs) return false;
    reachedMs = Math.max(reachedMs, span.toMs);
  }
  return reachedMs >= endMs;
}

function pad2(value: number): string {
  return value.toString().padStart(2, '0');
}
