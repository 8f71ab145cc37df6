import { describe, expect, it } from 'vitest';
import { parseTariff } from '../tariff/parse';
import { usageInsights, type DayUsage } from './insights';

const NOW = new Date('2026-12-11T04:00:00Z'); // 12:00 on 11 December, Beijing: 10½ days of 31 gone
const flat = parseTariff({ name: 'f', utility: 'electricity', kind: 'flat', price: '0.60' });
const days = (from: string, count: number, hours: (day: number) => number[]): DayUsage[] =>
  Array.from({ length: count }, (_, i) => {
    const date = new Date(`${from}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() + i);
    return { day: date.toISOString().slice(0, 10), hours: hours(i) };
  });

describe('usageInsights', () => {
  it('reports this month, its forecast at the pace so far, and last month with its average price', () => {
    const insights = usageInsights({
      now: NOW,
      utility: 'electricity',
      tariff: flat,
      months: [
        { month: '2026-12', quantity: 64_000, costMicroFen: 3_840_000_000 },
        { month: '2026-11', quantity: 150_000, costMicroFen: 9_000_000_000 },
      ],
      days: [],
    });
    expect(insights.thisMonth).toEqual({ month: '2026-12', quantity: 64_000, costFen: 3840 });
    expect(insights.lastMonth).toEqual({ month: '2026-11', quantity: 150_000, costFen: 9000, averagePrice: '0.60' });
    // 64 kWh in 10½ days → 188.952 kWh in 31 days; the cost in proportion (¥38.40 → ¥113.37).
    expect(insights.forecast).toEqual({ quantity: 188_952, costFen: 11_337 });
    expect(insights.tier).toBeNull();
    expect(insights.tou).toBeNull();
  });

  it('has no forecast in the first day of a month, and no price without consumption', () => {
    const insights = usageInsights({ now: new Date('2026-12-01T08:00:00Z'), utility: 'water', tariff: null, months: [], days: [] });
    expect(insights.forecast).toBeNull();
    expect(insights.lastMonth.averagePrice).toBeNull();
    expect(insights.unit).toBe('L');
  });

  it('places a tiered meter in its cycle: the tier it is in and what is left before the next price', () => {
    const tiered = parseTariff({ name: 't', utility: 'electricity', kind: 'tiered', cycle: 'month', tiers: [{ upTo: 240, price: '0.4883' }, { upTo: 400, price: '0.5383' }, { upTo: null, price: '0.7883' }] });
    const insights = usageInsights({ now: NOW, utility: 'electricity', tariff: tiered, months: [{ month: '2026-12', quantity: 250_500, costMicroFen: 0 }], days: [] });
    expect(insights.tier).toEqual({ cycle: 'month', used: 250_500, current: 2, toNext: 149_500, tiers: [{ upTo: 240_000, price: '0.4883' }, { upTo: 400_000, price: '0.5383' }, { upTo: null, price: '0.7883' }] });
    const yearly = parseTariff({ name: 'y', utility: 'water', kind: 'tiered', cycle: 'year', tiers: [{ upTo: 180, price: '3.45' }, { upTo: null, price: '4.83' }] });
    const water = usageInsights({ now: NOW, utility: 'water', tariff: yearly, months: [{ month: '2026-01', quantity: 100_000, costMicroFen: 0 }, { month: '2026-12', quantity: 90_000, costMicroFen: 0 }, { month: '2025-12', quantity: 999_000, costMicroFen: 0 }], days: [] });
    expect(water.tier).toMatchObject({ cycle: 'year', used: 190_000, current: 2, toNext: null });
  });

  it("splits a time-of-use month by period, each hour as the schedule divides it", () => {
    const tou = parseTariff({ name: 'tou', utility: 'electricity', kind: 'tou', periods: { peak: '0.95', valley: '0.30' }, schedule: [{ from: '08:00', to: '22:00', period: 'peak' }, { from: '22:00', to: '08:00', period: 'valley' }] });
    const insights = usageInsights({ now: NOW, utility: 'electricity', tariff: tou, months: [], days: [...days('2026-12-01', 2, () => Array.from({ length: 24 }, () => 100)), { day: '2026-11-30', hours: Array.from({ length: 24 }, () => 999) }] });
    expect(insights.tou).toEqual({ month: '2026-12', periods: [{ period: 'peak', quantity: 2 * 14 * 100, price: '0.95' }, { period: 'valley', quantity: 2 * 10 * 100, price: '0.30' }] });
  });

  it('tips: water running every night, a standing electric load, a month far above the usual', () => {
    const nightly = days('2026-12-04', 7, (i) => Array.from({ length: 24 }, (_, hour) => (hour >= 1 && hour <= 4 && i !== 0 ? 3 : hour === 20 ? 50 : 0)));
    expect(usageInsights({ now: NOW, utility: 'water', tariff: null, months: [], days: nightly }).tips).toEqual([{ kind: 'night_flow', nights: 6, litresPerNight: 12 }]);
    const standing = days('2026-12-04', 7, () => Array.from({ length: 24 }, (_, hour) => (hour === 3 ? 130 : 400)));
    expect(usageInsights({ now: NOW, utility: 'electricity', tariff: flat, months: [], days: standing }).tips).toEqual([{ kind: 'standby', watts: 130, kwhPerMonth: 94 }]);
    const quiet = days('2026-12-04', 7, () => Array.from({ length: 24 }, (_, hour) => (hour === 3 ? 20 : 400)));
    expect(usageInsights({ now: NOW, utility: 'electricity', tariff: flat, months: [], days: quiet }).tips).toEqual([]);
    const months = [{ month: '2026-12', quantity: 80_000, costMicroFen: 0 }, { month: '2026-11', quantity: 150_000, costMicroFen: 0 }, { month: '2026-10', quantity: 160_000, costMicroFen: 0 }, { month: '2026-09', quantity: 0, costMicroFen: 0 }];
    expect(usageInsights({ now: NOW, utility: 'electricity', tariff: flat, months, days: [] }).tips).toEqual([{ kind: 'above_usual', forecastQuantity: 236_190, usualQuantity: 155_000, percentAbove: 52 }]);
  });
});
