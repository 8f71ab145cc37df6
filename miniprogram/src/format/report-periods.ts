/** The spans a manager picks for statistics and exports, as Beijing days. */
export type ReportPeriod = 'week' | 'month' | 'lastMonth' | 'year';

export const REPORT_PERIODS: readonly ReportPeriod[] = ['week', 'month', 'lastMonth', 'year'];

export interface ReportRange {
  readonly from: string;
  readonly to: string;
  /** How the statistics are split: by day, or by month over a year. */
  readonly grain: 'day' | 'month';
}

const BEIJING_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms + BEIJING_MS).toISOString().slice(0, 10);

/**
 * The Beijing days of a span ending now: the last 7 days, this month so far,
 * last month, this year so far (by month).
 */
export function reportRange(period: ReportPeriod, now: Date): ReportRange {
  const today = day(now.getTime());
  const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const pad = (n: number) => String(n).padStart(2, '0');
  if (period === 'week') return { from: day(now.getTime() - 6 * DAY_MS), to: today, grain: 'day' };
  if (period === 'month') return { from: `${today.slice(0, 7)}-01`, to: today, grain: 'day' };
  if (period === 'year') return { from: `${year}-01-01`, to: today, grain: 'month' };
  const [lastYear, lastMonth] = month === 1 ? [year - 1, 12] : [year, month - 1];
  const lastDay = new Date(Date.UTC(lastYear, lastMonth, 0)).getUTCDate();
  return { from: `${lastYear}-${pad(lastMonth)}-01`, to: `${lastYear}-${pad(lastMonth)}-${pad(lastDay)}`, grain: 'day' };
}
