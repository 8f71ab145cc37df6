/** The spans the usage charts offer, and the date ranges (Beijing) each asks the usage route for. */
export type Span = 'day' | 'week' | 'month' | 'year' | 'years';

export interface UsageRange {
  readonly granularity: 'hour' | 'day' | 'month';
  readonly from: string;
  readonly to: string;
}

export const SPANS: readonly Span[] = ['day', 'week', 'month', 'year', 'years'];

const BEIJING_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const pad = (value: number) => String(value).padStart(2, '0');
const dayKey = (ms: number) => new Date(ms + BEIJING_MS).toISOString().slice(0, 10);
const monthKey = (index: number) => `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;

/**
 * The range a span shows now, and the one before it of the same length (for
 * the comparison): today by hour against yesterday; 7 or 30 days by day
 * against the 7 or 30 before; 12 or 36 months by month against the 12 or 36 before.
 */
export function rangesOf(span: Span, now: Date): { current: UsageRange; previous: UsageRange } {
  const nowMs = now.getTime();
  if (span === 'day') return { current: { granularity: 'hour', from: dayKey(nowMs), to: dayKey(nowMs) }, previous: { granularity: 'hour', from: dayKey(nowMs - DAY_MS), to: dayKey(nowMs - DAY_MS) } };
  if (span === 'week' || span === 'month') {
    const days = span === 'week' ? 7 : 30;
    return {
      current: { granularity: 'day', from: dayKey(nowMs - (days - 1) * DAY_MS), to: dayKey(nowMs) },
      previous: { granularity: 'day', from: dayKey(nowMs - (2 * days - 1) * DAY_MS), to: dayKey(nowMs - days * DAY_MS) },
    };
  }
  const months = span === 'year' ? 12 : 36;
  const local = new Date(nowMs + BEIJING_MS);
  const index = local.getUTCFullYear() * 12 + local.getUTCMonth();
  return {
    current: { granularity: 'month', from: monthKey(index - months + 1), to: monthKey(index) },
    previous: { granularity: 'month', from: monthKey(index - 2 * months + 1), to: monthKey(index - months) },
  };
}

/** `+12%`, `-5%`, or null when the previous period used nothing (no base to compare with). */
export function changePercent(current: number, previous: number): number | null {
  if (previous <= 0) return null;
  return Math.round(((current - previous) * 100) / previous);
}
