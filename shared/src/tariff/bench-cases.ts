import { parseTariff } from './parse';
import type { PricingInput } from './pricing-types';
import type { Tariff } from './schema';

/** One representative pricing call, for `npm run bench` to time `priceConsumption` on. */
export interface BenchCase {
  readonly name: string;
  readonly tariff: Tariff;
  readonly input: PricingInput;
}

const at = (iso: string): Date => new Date(iso);
const interval = (fromIso: string, toIso: string) => ({ from: at(fromIso), to: at(toIso) });

/**
 * A few representative (tariff, input) cases: a flat tariff, yearly tiers
 * crossing a threshold with pro-rating, a monthly water tariff with a sewage
 * component, a day of time-of-use across midnight, a month of seasonal
 * time-of-use (the longest loop a normal reading makes), and registers.
 * Built on each call, so importing the module costs nothing.
 */
export function benchCases(): BenchCase[] {
  const { flat, zhejiang, water, tou } = benchTariffs();
  return [
    {
      name: 'flat, one day',
      tariff: flat,
      input: { quantity: 7_340, cycleUsedBefore: 0, ...interval('2026-03-01T00:00:00+08:00', '2026-03-02T00:00:00+08:00') },
    },
    {
      name: 'yearly tiers across a threshold, pro-rated',
      tariff: zhejiang,
      input: {
        quantity: 300_000,
        cycleUsedBefore: 1_200_000,
        tenancyStart: at('2026-04-10T12:00:00+08:00'),
        ...interval('2026-09-01T00:00:00+08:00', '2026-10-01T00:00:00+08:00'),
      },
    },
    {
      name: 'monthly water tiers with sewage',
      tariff: water,
      input: { quantity: 18_250, cycleUsedBefore: 9_000, ...interval('2026-05-20T08:00:00+08:00', '2026-05-27T08:00:00+08:00') },
    },
    {
      name: 'time of use across midnight',
      tariff: tou,
      input: { quantity: 14_000, cycleUsedBefore: 0, ...interval('2026-03-10T20:00:00+08:00', '2026-03-11T10:00:00+08:00') },
    },
    {
      name: 'time of use, a month into summer',
      tariff: tou,
      input: { quantity: 512_345, cycleUsedBefore: 0, ...interval('2026-06-15T07:30:00+08:00', '2026-07-15T19:45:00+08:00') },
    },
    {
      name: 'time of use by registers',
      tariff: tou,
      input: {
        quantity: 20_000,
        cycleUsedBefore: 0,
        registers: { peak: 12_000, valley: 8_000 },
        ...interval('2026-03-10T00:00:00+08:00', '2026-03-11T00:00:00+08:00'),
      },
    },
  ];
}

function benchTariffs() {
  const flat = parseTariff({ name: '平价', utility: 'electricity', kind: 'flat', price: '0.60' });
  const zhejiang = parseTariff({
    name: '浙江居民阶梯电价（年）',
    utility: 'electricity',
    kind: 'tiered',
    cycle: 'year',
    tiers: [
      { upTo: 2760, price: '0.538' },
      { upTo: 4800, price: '0.588' },
      { upTo: null, price: '0.838' },
    ],
  });
  const water = parseTariff({
    name: '居民阶梯水价（月）',
    utility: 'water',
    kind: 'tiered',
    cycle: 'month',
    tiers: [
      { upTo: 15, price: '2.90' },
      { upTo: 25, price: '4.35' },
      { upTo: null, price: '8.70' },
    ],
    components: [{ name: '污水处理费', price: '0.95' }],
  });
  const tou = parseTariff({
    name: '分时电价（夏季尖峰）',
    utility: 'electricity',
    kind: 'tou',
    periods: { peak: '0.95', flat: '0.60', valley: '0.30' },
    schedule: [
      { from: '08:00', to: '11:00', period: 'peak' },
      { from: '11:00', to: '13:00', period: 'flat' },
      { from: '13:00', to: '22:00', period: 'peak' },
      { from: '22:00', to: '08:00', period: 'valley' },
    ],
    seasons: [
      {
        name: 'summer',
        months: [7, 8],
        periods: { sharp: '1.20' },
        schedule: [
          { from: '08:00', to: '11:00', period: 'peak' },
          { from: '11:00', to: '13:00', period: 'sharp' },
          { from: '13:00', to: '22:00', period: 'peak' },
          { from: '22:00', to: '08:00', period: 'valley' },
        ],
      },
    ],
  });
  return { flat, zhejiang, water, tou };
}
