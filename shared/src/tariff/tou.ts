import { allocate, exactCostMicroFen, parsePrice } from '../money';
import type { PriceItem } from './pricing-types';
import { daySegments, type DaySegment } from './schedule';
import { seasonContains } from './season';
import { DAY_MS, MINUTE_MS, shanghaiCalendar, startOfShanghaiDayMs } from './shanghai-time';
import { TOU_PERIODS, type TouPeriod, type TouSeason, type TouTariff } from './tou-schema';

/** Longest interval split by the clock; a longer one means a broken reading history. */
export const MAX_TOU_INTERVAL_MS = 400 * DAY_MS;

/** Where a period's price comes from: the tariff (-1) or the season at that index. */
interface PricedPeriod {
  readonly period: TouPeriod;
  readonly source: number;
}

/** The season whose dates contain the local day of `atMs`, or -1 for the base schedule. */
function seasonIndexAt(tariff: TouTariff, atMs: number): number {
  const { month, day } = shanghaiCalendar(atMs);
  return (tariff.seasons ?? []).findIndex((season) => seasonContains(season, month, day));
}

function pricedPeriod(tariff: TouTariff, seasonIndex: number, period: TouPeriod): PricedPeriod {
  const season = tariff.seasons?.[seasonIndex];
  return { period, source: season?.periods?.[period] !== undefined ? seasonIndex : -1 };
}

function priceOf(tariff: TouTariff, { period, source }: PricedPeriod): number {
  const text = source === -1 ? tariff.periods[period] : tariff.seasons?.[source]?.periods?.[period];
  if (text === undefined) throw new RangeError(`Period ${period} has no price in tariff "${tariff.name}"`);
  return parsePrice(text);
}

/** Items in a fixed order (period order, then tariff before seasons), so allocation tie-breaks are stable. */
function itemsFor(tariff: TouTariff, quantity: number, weights: Map<string, { key: PricedPeriod; weight: number }>): PriceItem[] {
  const rank = (key: PricedPeriod) => TOU_PERIODS.indexOf(key.period) * 100 + key.source;
  const entries = [...weights.values()].filter(({ weight }) => weight > 0).sort((a, b) => rank(a.key) - rank(b.key));
  if (entries.length === 0) return [];
  const quantities = allocate(quantity, entries.map(({ weight }) => weight));
  return entries.flatMap(({ key }, index): PriceItem[] => {
    const share = quantities[index] ?? 0;
    if (share === 0) return [];
    const pricePer10kYuan = priceOf(tariff, key);
    const season: TouSeason | undefined = tariff.seasons?.[key.source];
    return [
      {
        label: season ? `${key.period} (${season.name})` : key.period,
        kind: 'consumption',
        period: key.period,
        ...(season ? { season: season.name } : {}),
        quantity: share,
        pricePer10kYuan,
        costMicroFen: exactCostMicroFen(share, pricePer10kYuan),
      },
    ];
  });
}

function addWeight(weights: Map<string, { key: PricedPeriod; weight: number }>, key: PricedPeriod, weight: number): void {
  const id = `${key.period}/${key.source}`;
  const entry = weights.get(id);
  weights.set(id, { key, weight: (entry?.weight ?? 0) + weight });
}

/**
 * Splits `[fromMs, toMs)` by the schedule in force on each local day (the
 * season containing that date, else the base schedule) and allocates
 * `quantity` to the periods in proportion to the milliseconds spent in each,
 * with `allocate`, so the parts add up to the quantity exactly. A schedule
 * entry that wraps across midnight is cut there: each day follows its own
 * date's schedule.
 */
export function priceTouByTime(tariff: TouTariff, quantity: number, fromMs: number, toMs: number): PriceItem[] {
  if (fromMs >= toMs) throw new RangeError('A time-of-use interval must end after it starts');
  if (toMs - fromMs > MAX_TOU_INTERVAL_MS) throw new RangeError('A time-of-use interval may not exceed 400 days');
  const base = daySegments(tariff.schedule);
  const bySeason = (tariff.seasons ?? []).map((season) => daySegments(season.schedule));
  const weights = new Map<string, { key: PricedPeriod; weight: number }>();
  for (let dayMs = startOfShanghaiDayMs(fromMs); dayMs < toMs; dayMs += DAY_MS) {
    const seasonIndex = seasonIndexAt(tariff, dayMs);
    const segments: readonly DaySegment<TouPeriod>[] = bySeason[seasonIndex] ?? base;
    for (const segment of segments) {
      const startMs = Math.max(fromMs, dayMs + segment.startMinute * MINUTE_MS);
      const endMs = Math.min(toMs, dayMs + segment.endMinute * MINUTE_MS);
      if (endMs > startMs) addWeight(weights, pricedPeriod(tariff, seasonIndex, segment.period), endMs - startMs);
    }
  }
  return itemsFor(tariff, quantity, weights);
}

/**
 * Bills the meter's own per-period registers, priced as on the local day of
 * the interval's last instant (`toMs − 1`). The registers are used as weights
 * for `quantity` (the total register's consumption, which is what the contract
 * bills): when they add up to it, as they should, each period gets exactly its
 * register; when the meter's rounding makes them differ by a few units, the
 * total still wins and the registers set the proportions. Returns null when
 * every register is zero, so the caller can fall back to the clock.
 *
 * @throws RangeError for a register that is not a non-negative safe integer,
 *   or a non-zero register for a period the tariff does not price.
 */
export function priceTouByRegisters(
  tariff: TouTariff,
  quantity: number,
  registers: Partial<Record<TouPeriod, number>>,
  toMs: number,
): PriceItem[] | null {
  const seasonIndex = seasonIndexAt(tariff, toMs - 1);
  const weights = new Map<string, { key: PricedPeriod; weight: number }>();
  for (const [name, value] of Object.entries(registers)) {
    if (!(TOU_PERIODS as readonly string[]).includes(name)) throw new RangeError(`Unknown register period ${name}`);
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`Register ${name} must be a non-negative safe integer`);
    if (value === 0) continue;
    const key = pricedPeriod(tariff, seasonIndex, name as TouPeriod);
    priceOf(tariff, key);
    addWeight(weights, key, value);
  }
  if (weights.size === 0) return quantity === 0 ? [] : null;
  return itemsFor(tariff, quantity, weights);
}
