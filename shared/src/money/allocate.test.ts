import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from './allocate';

describe('allocate', () => {
  it('gives leftover units to the largest remainders, ties to the earlier index', () => {
    expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocate(1, [1, 1, 1])).toEqual([1, 0, 0]);
    expect(allocate(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(allocate(100n, [3n, 0n, 1n])).toEqual([75n, 0n, 25n]);
    expect(allocate(5, [1, 3])).toEqual([1, 4]);
    expect(allocate(7, [0, 2, 0])).toEqual([0, 7, 0]);
  });

  it('returns the type of the total, whatever the type of the weights', () => {
    expect(allocate(3, [1n, 2n])).toEqual([1, 2]);
    expect(allocate(3n, [1, 2])).toEqual([1n, 2n]);
  });

  it('splits a negative total as the mirror image of the positive one', () => {
    expect(allocate(-1, [1, 1])).toEqual([-1, 0]);
    expect(allocate(-10n, [1n, 1n, 1n])).toEqual([-4n, -3n, -3n]);
  });

  it('refuses weights it cannot honour', () => {
    expect(() => allocate(1, [])).toThrow(RangeError);
    expect(() => allocate(1, [0, 0])).toThrow(RangeError);
    expect(() => allocate(1, [1, -1])).toThrow(RangeError);
    expect(() => allocate(1.5, [1])).toThrow(TypeError);
    expect(() => allocate(1, [0.5])).toThrow(TypeError);
    expect(() => allocate(Number.MAX_SAFE_INTEGER + 1, [1])).toThrow(TypeError);
  });

  it('sums to the total and keeps each part within 1 of its exact share', () => {
    const weights = fc
      .array(fc.bigInt({ min: 0n, max: 10n ** 15n }), { minLength: 1, maxLength: 12 })
      .filter((list) => list.some((weight) => weight > 0n));
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), weights, (total, list) => {
        const parts = allocate(total, list);
        const sum = list.reduce((acc, weight) => acc + weight, 0n);
        expect(parts.reduce((acc, part) => acc + part, 0n)).toBe(total);
        parts.forEach((part, index) => {
          const weight = list[index] ?? 0n;
          // |part − total·w/Σw| < 1  ⇔  |part·Σw − total·w| < Σw
          const error = part * sum - total * weight;
          expect(error < sum && error > -sum).toBe(true);
          if (weight === 0n) expect(part).toBe(0n);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic and agrees between number and bigint', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.array(fc.nat({ max: 1e6 }), { minLength: 1, maxLength: 8 }).filter((list) => list.some((w) => w > 0)),
        (total, list) => {
          const parts = allocate(total, list);
          expect(allocate(total, list)).toEqual(parts);
          expect(allocate(BigInt(total), list).map(Number)).toEqual(parts);
        },
      ),
    );
  });
});
