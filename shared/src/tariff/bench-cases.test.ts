import { describe, expect, it } from 'vitest';
import { benchCases } from './bench-cases';
import { priceConsumption } from './price-consumption';

describe('benchCases', () => {
  it('are valid, distinct and priced deterministically', () => {
    const cases = benchCases();
    expect(cases.length).toBeGreaterThanOrEqual(5);
    expect(new Set(cases.map((item) => item.name)).size).toBe(cases.length);
    for (const { tariff, input } of cases) {
      const first = priceConsumption(tariff, input);
      expect(first.items.reduce((sum, item) => sum + (item.kind === 'consumption' ? item.quantity : 0), 0)).toBe(input.quantity);
      expect(priceConsumption(tariff, input)).toEqual(first);
    }
  });
});
