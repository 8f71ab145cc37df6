import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scaleDecimalQuantity } from './decimal';

describe('scaleDecimalQuantity', () => {
  it.each([
    [1234.56, 3, 1_234_560],
    ['1234.56', 3, 1_234_560],
    [12.34, 3, 12_340],
    [0.001, 3, 1],
    ['1234.5600', 3, 1_234_560],
    [12340, 0, 12_340],
    ['12340.0', 0, 12_340],
    [0, 3, 0],
    [-0, 3, 0],
    [220.1, 1, 2201],
  ])('turns %s with %i decimals into %i exactly', (value, decimals, expected) => {
    expect(scaleDecimalQuantity(value, decimals, 'x')).toBe(expected);
  });

  it('is exact for every number of hundredths, where multiplying the float would not be', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (hundredths) => {
        const kwh = hundredths / 100;
        expect(scaleDecimalQuantity(kwh, 3, 'totalEnergy')).toBe(hundredths * 10);
      }),
    );
    expect(1.005 * 1000).not.toBe(1005); // why the decimal route exists
    expect(scaleDecimalQuantity(1.005, 3, 'totalEnergy')).toBe(1005);
  });

  it.each([
    [1234.5678, 3, 'too many decimals'],
    [0.1 + 0.2, 3, 'binary noise'],
    [12340.5, 0, 'a fraction of a base unit'],
    [-1, 3, 'a negative value'],
    [1e21, 3, 'exponent notation'],
    ['1e3', 3, 'an exponent string'],
    [' 12', 3, 'a space'],
    ['12.', 3, 'a bare point'],
    [Number.NaN, 3, 'NaN'],
    [Infinity, 3, 'Infinity'],
    [null, 3, 'null'],
    [true, 3, 'a boolean'],
    ['1234567890123', 0, 'more than 12 integer digits'],
  ])('refuses %s (%s) as invalid_payload', (value, decimals, _why) => {
    expect(() => scaleDecimalQuantity(value, decimals, 'totalEnergy')).toThrow(
      expect.objectContaining({ reason: 'invalid_payload', details: expect.objectContaining({ field: 'totalEnergy' }) }),
    );
  });
});
