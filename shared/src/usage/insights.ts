/**
 * What a tenant's usage page says beyond the charts: this month so far and
 * its forecast, last month's average price, where a tiered meter stands in
 * its 阶梯 cycle, how a time-of-use meter's month splits by period, and tips
 * drawn from the tenant's own pattern. Pure: from the usage aggregates
 * (month totals, day-by-hour buckets) and the tariff in force.
 */
import { displayFenOf } from '../money/cost';
import { divide } from '../money/divide';
import { formatPrice } from '../money/price';
import { thresholdBaseUnits } from '../tariff/tiers';
import { DAY_MS, shanghaiCalendar, shanghaiMidnightMs } from '../tariff/shanghai-time';
import type { Tariff } from '../tariff/schema';
import { priceTouByTime } from '../tariff/tou';

export interface MonthUsage {
  /** `YYYY-MM` (Beijing). */
  readonly month: string;
  readonly quantity: number;
  readonly costMicroFen: number;
}

export interface DayUsage {
  /** `YYYY-MM-DD` (Beijing). */
  readonly day: string;
  /** 24 quantities by Beijing hour. */
  readonly hours: readonly number[];
}

export interface InsightInput {
  readonly now: Date;
  readonly utility: 'electricity' | 'water';
  /** The tariff in force now, or null (none assigned yet). */
  readonly tariff: Tariff | null;
  /** Month totals, any order: this month, last month, the three before it (and this year's, for a yearly tier cycle). */
  readonly months: readonly MonthUsage[];
  /** Days by hour, any order: this month's and the last seven days'. */
  readonly days: readonly DayUsage[];
}

export type UsageTip =
  /** Water ran between 01:00 and 05:00 on most of the last 7 nights. */
  | { readonly kind: 'night_flow'; readonly nights: number; readonly litresPerNight: number }
  /** This month is heading far above the tenant's usual. */
  | { readonly kind: 'above_usual'; readonly forecastQuantity: number; readonly usualQuantity: number; readonly percentAbove: number }
  /** Electricity never dropped below a standing load, even at night. */
  | { readonly kind: 'standby'; readonly watts: number; readonly kwhPerMonth: number };

export interface UsageInsights {
  readonly unit: 'Wh' | 'L';
  readonly thisMonth: { readonly month: string; readonly quantity: number; readonly costFen: number };
  readonly lastMonth: { readonly month: string; readonly quantity: number; readonly costFen: number; readonly averagePrice: string | null };
  /** This month at the pace so far (null in its first day). */
  readonly forecast: { readonly quantity: number; readonly costFen: number } | null;
  readonly tier: TierProgress | null;
  readonly tou: { readonly month: string; readonly periods: readonly { readonly period: string; readonly quantity: number; readonly price: string }[] } | null;
  readonly tips: readonly UsageTip[];
}

export interface TierProgress {
  readonly cycle: 'month' | 'year';
  /** Base units used in the cycle so far. */
  readonly used: number;
  /** 1-based tier the next unit is billed in. */
  readonly current: number;
  readonly tiers: readonly { readonly upTo: number | null; readonly price: string }[];
  /** Base units left before the next tier's price; null in the last tier. */
  readonly toNext: number | null;
}

const pad = (value: number) => String(value).padStart(2, '0');
const monthOf = (year: number, month: number) => `${year}-${pad(month)}`;
const shiftMonth = (year: number, month: number, by: number) => {
  const index = year * 12 + (month - 1) + by;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
};

/** Computes the insights (see the module comment). */
export function usageInsights(input: InsightInput): UsageInsights {
  const nowMs = input.now.getTime();
  const today = shanghaiCalendar(nowMs);
  const monthKey = monthOf(today.year, today.month);
  const previous = shiftMonth(today.year, today.month, -1);
  const lastKey = monthOf(previous.year, previous.month);
  const monthTotals = new Map(input.months.map((month) => [month.month, month]));
  const thisMonth = monthTotals.get(monthKey) ?? { month: monthKey, quantity: 0, costMicroFen: 0 };
  const lastMonth = monthTotals.get(lastKey) ?? { month: lastKey, quantity: 0, costMicroFen: 0 };
  const monthStartMs = shanghaiMidnightMs(today.year, today.month, 1);
  const next = shiftMonth(today.year, today.month, 1);
  const monthEndMs = shanghaiMidnightMs(next.year, next.month, 1);
  const elapsedMs = nowMs - monthStartMs;
  const forecast =
    elapsedMs >= DAY_MS
      ? {
          quantity: Number(divide(BigInt(thisMonth.quantity) * BigInt(monthEndMs - monthStartMs), BigInt(elapsedMs), 'halfUp')),
          costFen: displayFenOf(divide(BigInt(thisMonth.costMicroFen) * BigInt(monthEndMs - monthStartMs), BigInt(elapsedMs), 'halfUp')),
        }
      : null;
  return {
    unit: input.utility === 'electricity' ? 'Wh' : 'L',
    thisMonth: { month: monthKey, quantity: thisMonth.quantity, costFen: displayFenOf(thisMonth.costMicroFen) },
    lastMonth: { month: lastKey, quantity: lastMonth.quantity, costFen: displayFenOf(lastMonth.costMicroFen), averagePrice: averagePrice(lastMonth) },
    forecast,
    tier: input.tariff?.kind === 'tiered' ? tierProgress(input.tariff, input.months, today) : null,
    tou: input.tariff?.kind === 'tou' ? touSplit(input.tariff, input.days, monthKey) : null,
    tips: tips(input, today, forecast, monthTotals),
  };
}

/** Yuan per kWh or m³ (4 decimals, as prices are written), or null without consumption. */
function averagePrice(month: MonthUsage): string | null {
  if (month.quantity <= 0) return null;
  // micro-fen per base unit → 1e-4 yuan per kWh/m³: × 1000 units ÷ 1e6 micro-fen per fen ÷ 100 fen per yuan × 1e4 = ÷ 10.
  return formatPrice(Number(divide(BigInt(month.costMicroFen), BigInt(month.quantity) * 10n, 'halfUp')));
}

function tierProgress(tariff: Extract<Tariff, { kind: 'tiered' }>, months: readonly MonthUsage[], today: { year: number; month: number }): TierProgress {
  const cycleMonths = tariff.cycle === 'month' ? [monthOf(today.year, today.month)] : Array.from({ length: today.month }, (_, i) => monthOf(today.year, i + 1));
  const used = months.filter((month) => cycleMonths.includes(month.month)).reduce((sum, month) => sum + month.quantity, 0);
  const tiers = tariff.tiers.map((tier) => ({ upTo: tier.upTo === null ? null : thresholdBaseUnits(tier.upTo), price: tier.price }));
  const index = tiers.findIndex((tier) => tier.upTo === null || used < tier.upTo);
  const current = tiers[index]!;
  return { cycle: tariff.cycle, used, current: index + 1, tiers, toNext: current.upTo === null ? null : current.upTo - used };
}

/** The month's consumption by period, each hour split by the schedule as the bill splits an interval. */
function touSplit(tariff: Extract<Tariff, { kind: 'tou' }>, days: readonly DayUsage[], monthKey: string): UsageInsights['tou'] {
  const byPeriod = new Map<string, number>();
  for (const day of days) {
    if (!day.day.startsWith(monthKey)) continue;
    const [year, month, date] = day.day.split('-').map(Number) as [number, number, number];
    const midnight = shanghaiMidnightMs(year, month, date);
    day.hours.forEach((quantity, hour) => {
      if (quantity <= 0) return;
      const from = midnight + hour * 3_600_000;
      for (const item of priceTouByTime(tariff, quantity, from, from + 3_600_000)) {
        if (item.kind === 'consumption' && item.period) byPeriod.set(item.period, (byPeriod.get(item.period) ?? 0) + item.quantity);
      }
    });
  }
  const periods = Object.entries(tariff.periods).map(([period, price]) => ({ period, quantity: byPeriod.get(period) ?? 0, price: String(price) }));
  return { month: monthKey, periods };
}

/** Nights with water running all of 01:00–05:00 on at least this many of the last 7. */
const NIGHT_FLOW_NIGHTS = 5;
/** A standing load this high (W) all week is worth a tip. */
const STANDBY_WATTS = 120;
/** A month this far above the usual (percent) is worth a tip. */
const ABOVE_USUAL_PERCENT = 30;

function tips(input: InsightInput, today: { year: number; month: number; day: number }, forecast: UsageInsights['forecast'], months: ReadonlyMap<string, MonthUsage>): UsageTip[] {
  const out: UsageTip[] = [];
  const todayMs = shanghaiMidnightMs(today.year, today.month, today.day);
  const lastWeek = new Set(Array.from({ length: 7 }, (_, i) => dayKey(todayMs - (i + 1) * DAY_MS)));
  const week = input.days.filter((day) => lastWeek.has(day.day));
  if (input.utility === 'water' && week.length > 0) {
    const nights = week.filter((day) => [1, 2, 3, 4].every((hour) => (day.hours[hour] ?? 0) > 0));
    if (nights.length >= NIGHT_FLOW_NIGHTS) {
      const litres = nights.reduce((sum, day) => sum + [1, 2, 3, 4].reduce((s, hour) => s + (day.hours[hour] ?? 0), 0), 0);
      out.push({ kind: 'night_flow', nights: nights.length, litresPerNight: Math.round(litres / nights.length) });
    }
  }
  if (input.utility === 'electricity' && week.length === 7) {
    const lowest = Math.min(...week.flatMap((day) => day.hours));
    // Wh in an hour = average W over it.
    if (lowest >= STANDBY_WATTS) out.push({ kind: 'standby', watts: lowest, kwhPerMonth: Math.round((lowest * 24 * 30) / 1000) });
  }
  const usual = [1, 2, 3].map((back) => shiftMonth(today.year, today.month, -back)).map(({ year, month }) => months.get(monthOf(year, month))?.quantity ?? 0).filter((quantity) => quantity > 0);
  if (forecast && usual.length >= 2) {
    const usualQuantity = Math.round(usual.reduce((sum, quantity) => sum + quantity, 0) / usual.length);
    const percentAbove = Math.round(((forecast.quantity - usualQuantity) * 100) / usualQuantity);
    if (percentAbove >= ABOVE_USUAL_PERCENT) out.push({ kind: 'above_usual', forecastQuantity: forecast.quantity, usualQuantity, percentAbove });
  }
  return out;
}

function dayKey(midnightMs: number): string {
  const calendar = shanghaiCalendar(midnightMs);
  return `${calendar.year}-${pad(calendar.month)}-${pad(calendar.day)}`;
}
