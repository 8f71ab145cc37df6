import { describe, expect, it } from 'vitest';
import { exactCostMicroFen, MICRO_FEN_PER_FEN } from './cost';
import { parsePrice } from './price';

describe('exactCostMicroFen', () => {
  it('is quantity × price × 10 micro-fen', () => {
    // 1 kWh at 0.4883 yuan = 48.83 fen.
    expect(exactCostMicroFen(1000, parsePrice('0.4883'))).toBe(48_830_000n);
    // 1 Wh at 0.0001 yuan/kWh = 1e-7 yuan = 10 micro-fen, the smallest non-zero cost.
    expect(exactCostMicroFen(1, 1)).toBe(10n);
    // 2760 kWh at 0.538 = 1484.88 yuan.
    expect(exactCostMicroFen(2_760_000, parsePrice('0.538'))).toBe(148_488n * MICRO_FEN_PER_FEN);
  });

  it('does not overflow for a 1e12 quantity at a 1e8 price', () => {
    expect(exactCostMicroFen(1e12, 1e8)).toBe(10n ** 21n);
  });

  it('refuses negative or fractional operands', () => {
    expect(() => exactCostMicroFen(-1, 1)).toThrow(RangeError);
    expect(() => exactCostMicroFen(1.5, 1)).toThrow(RangeError);
    expect(() => exactCostMicroFen(1, -1)).toThrow(RangeError);
  });
});
