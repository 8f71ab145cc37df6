import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divide, type RoundingMode } from './divide';

const MODES: readonly RoundingMode[] = ['floor', 'ceil', 'halfUp', 'halfEven', 'trunc'];

/**
 * An independent reference: the floor of n/d from the characterisation
 * floor·d ≤ n < (floor+1)·d (d > 0), found by bisection-free arithmetic on
 * absolute values, then each mode decided from the remainder.
 */
function reference(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  const n = denominator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const floor = n >= 0n ? n / d : -((-n + d - 1n) / d);
  const remainder = n - floor * d;
  expect(floor * d <= n && n < (floor + 1n) * d).toBe(true);
  if (remainder === 0n) return floor;
  const up = floor + 1n;
  if (mode === 'floor') return floor;
  if (mode === 'ceil') return up;
  if (mode === 'trunc') return n < 0n ? up : floor;
  if (2n * remainder < d) return floor;
  if (2n * remainder > d) return up;
  if (mode === 'halfUp') return up;
  return floor % 2n === 0n ? floor : up;
}

describe('divide', () => {
  it('rounds as each mode names, for both signs', () => {
    const cases: [bigint, bigint, Record<RoundingMode, bigint>][] = [
      [7n, 2n, { floor: 3n, ceil: 4n, halfUp: 4n, halfEven: 4n, trunc: 3n }],
      [5n, 2n, { floor: 2n, ceil: 3n, halfUp: 3n, halfEven: 2n, trunc: 2n }],
      [-5n, 2n, { floor: -3n, ceil: -2n, halfUp: -2n, halfEven: -2n, trunc: -2n }],
      [-7n, 2n, { floor: -4n, ceil: -3n, halfUp: -3n, halfEven: -4n, trunc: -3n }],
      [7n, -3n, { floor: -3n, ceil: -2n, halfUp: -2n, halfEven: -2n, trunc: -2n }],
      [-8n, -3n, { floor: 2n, ceil: 3n, halfUp: 3n, halfEven: 3n, trunc: 2n }],
      [6n, 3n, { floor: 2n, ceil: 2n, halfUp: 2n, halfEven: 2n, trunc: 2n }],
    ];
    for (const [n, d, expected] of cases) {
      for (const mode of MODES) expect(divide(n, d, mode), `${n}/${d} ${mode}`).toBe(expected[mode]);
    }
  });

  it('matches the bigint reference for every mode and any signs', () => {
    const big = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
    const small = fc.bigInt({ min: -1000n, max: 1000n });
    fc.assert(
      fc.property(fc.oneof(big, small), fc.oneof(big, small).filter((d) => d !== 0n), fc.constantFrom(...MODES), (n, d, mode) => {
        expect(divide(n, d, mode)).toBe(reference(n, d, mode));
      }),
      { numRuns: 2000 },
    );
  });

  it('stays within 1 of the true quotient, and within ½ for the half modes', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt().filter((d) => d !== 0n), fc.constantFrom(...MODES), (n, d, mode) => {
        const q = divide(n, d, mode);
        const error = n - q * d; // (n/d − q)·d
        const abs = (x: bigint) => (x < 0n ? -x : x);
        expect(abs(error) < abs(d)).toBe(true);
        if (mode === 'halfUp' || mode === 'halfEven') expect(2n * abs(error) <= abs(d)).toBe(true);
      }),
    );
  });

  it('refuses a zero denominator, non-bigints and unknown modes', () => {
    expect(() => divide(1n, 0n, 'floor')).toThrow(RangeError);
    expect(() => divide(1 as unknown as bigint, 2n, 'floor')).toThrow(TypeError);
    expect(() => divide(1n, 2n, 'up' as RoundingMode)).toThrow(TypeError);
    expect(() => divide(4n, 2n, 'up' as RoundingMode)).toThrow(TypeError);
  });
});
