import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactCostMicroFen } from '../money';
import { parseTariff } from './parse';
import { priceConsumption } from './price-consumption';
import type { TieredTariff } from './schema';

const contractTiers = parseTariff({
  name: 'CONTRACT.md',
  utility: 'electricity',
  kind: 'tiered',
  cycle: 'month',
  tiers: [
    { upTo: 240, price: '0.4883' },
    { upTo: 400, price: '0.5383' },
    { upTo: null, price: '0.7883' },
  ],
}) as TieredTariff;

const from = new Date('2026-11-01T00:00:00+08:00');
const to = new Date('2026-11-30T00:00:00+08:00');

describe('priceConsumption, tiered', () => {
  it('bills a reading inside one tier at that tier', () => {
    const result = priceConsumption(contractTiers, { quantity: 100_000, from, to, cycleUsedBefore: 50_000 });
    expect(result.items).toEqual([
      { label: 'tier 1', kind: 'consumption', tier: 1, quantity: 100_000, pricePer10kYuan: 4883, costMicroFen: 4_883_000_000n },
    ]);
    expect(result.totalMicroFen).toBe(4_883_000_000n);
  });

  it('cuts a reading exactly at each threshold it crosses', () => {
    // From 239.999 kWh to 400.001 kWh: 1 Wh, 160 kWh, 1 Wh.
    const result = priceConsumption(contractTiers, { quantity: 160_002, from, to, cycleUsedBefore: 239_999 });
    expect(result.items.map((item) => [item.tier, item.quantity])).toEqual([
      [1, 1],
      [2, 160_000],
      [3, 1],
    ]);
    expect(result.totalMicroFen).toBe(48_830n + 8_612_800_000n + 78_830n);
  });

  it('bills everything at the open tier once the thresholds are behind', () => {
    const result = priceConsumption(contractTiers, { quantity: 5, from, to, cycleUsedBefore: 1_000_000 });
    expect(result.items).toMatchObject([{ tier: 3, quantity: 5 }]);
  });

  it('bills nothing for no consumption', () => {
    expect(priceConsumption(contractTiers, { quantity: 0, from, to, cycleUsedBefore: 10 })).toEqual({ items: [], totalMicroFen: 0n });
  });

  it('pro-rates thresholds for a tenant who moved in during the cycle', () => {
    // Move-in 16 November: thresholds 120 and 200 kWh.
    const tenancyStart = new Date('2026-11-16T10:00:00+08:00');
    const result = priceConsumption(contractTiers, { quantity: 250_000, from: tenancyStart, to, cycleUsedBefore: 0, tenancyStart });
    expect(result.items.map((item) => [item.tier, item.quantity])).toEqual([
      [1, 120_000],
      [2, 80_000],
      [3, 50_000],
    ]);
  });

  it('uses the cycle of the reading that reports the consumption', () => {
    // A tenancy that started in November pro-rates November only; a December reading has whole thresholds.
    const tenancyStart = new Date('2026-11-16T10:00:00+08:00');
    const december = new Date('2026-12-02T00:00:00+08:00');
    const result = priceConsumption(contractTiers, { quantity: 250_000, from: to, to: december, cycleUsedBefore: 0, tenancyStart });
    expect(result.items.map((item) => item.quantity)).toEqual([240_000, 10_000]);
  });

  it('refuses inputs that are programmer errors', () => {
    const base = { quantity: 1, from, to, cycleUsedBefore: 0 };
    expect(() => priceConsumption(contractTiers, { ...base, quantity: -1 })).toThrow(RangeError);
    expect(() => priceConsumption(contractTiers, { ...base, quantity: 1.5 })).toThrow(RangeError);
    expect(() => priceConsumption(contractTiers, { ...base, cycleUsedBefore: -1 })).toThrow(RangeError);
    expect(() => priceConsumption(contractTiers, { ...base, from: to, to: from })).toThrow(RangeError);
    expect(() => priceConsumption(contractTiers, { ...base, tenancyStart: new Date('2027-01-01') })).toThrow(RangeError);
    expect(() => priceConsumption(contractTiers, { ...base, to: new Date(Number.NaN) })).toThrow(RangeError);
  });

  it('splits any consumption into tiers whose quantities add up and whose costs are the per-tier segments', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.nat({ max: 1_000_000 }), (cycleUsedBefore, quantity) => {
        const { items, totalMicroFen } = priceConsumption(contractTiers, { quantity, from, to, cycleUsedBefore });
        expect(items.reduce((sum, item) => sum + item.quantity, 0)).toBe(quantity);
        // Reference: walk the units' axis segment by segment.
        const bounds = [0, 240_000, 400_000, Number.MAX_SAFE_INTEGER];
        const prices = [4883, 5383, 7883];
        let expected = 0n;
        prices.forEach((price, tier) => {
          const lower = Math.max(cycleUsedBefore, bounds[tier] ?? 0);
          const upper = Math.min(cycleUsedBefore + quantity, bounds[tier + 1] ?? 0);
          if (upper > lower) expected += exactCostMicroFen(upper - lower, price);
        });
        expect(totalMicroFen).toBe(expected);
      }),
    );
  });

  it('costs the same whether a cycle is read once or in any number of pieces', () => {
    const cuts = fc.uniqueArray(fc.integer({ min: 1, max: 899_999 }), { maxLength: 8 }).map((list) => list.sort((a, b) => a - b));
    fc.assert(
      fc.property(cuts, (points) => {
        const total = 900_000;
        const whole = priceConsumption(contractTiers, { quantity: total, from, to, cycleUsedBefore: 0 }).totalMicroFen;
        let pieces = 0n;
        let used = 0;
        for (const point of [...points, total]) {
          pieces += priceConsumption(contractTiers, { quantity: point - used, from, to, cycleUsedBefore: used }).totalMicroFen;
          used = point;
        }
        expect(pieces).toBe(whole);
      }),
    );
  });
});
