import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { formatPrice, isPriceText, MAX_PRICE_PER_10K_YUAN, parsePrice } from './price';

describe('parsePrice', () => {
  it('reads decimal yuan strings as exact 1/10000 yuan', () => {
    expect(parsePrice('0.4883')).toBe(4883);
    expect(parsePrice('2')).toBe(20_000);
    expect(parsePrice('0.60')).toBe(6000);
    expect(parsePrice('0.538')).toBe(5380);
    expect(parsePrice('0')).toBe(0);
    expect(parsePrice('9999999.9999')).toBe(MAX_PRICE_PER_10K_YUAN);
  });

  it.each([
    ['0.48831'],
    ['-0.5'],
    ['1e3'],
    ['+1'],
    [' 1'],
    ['1 '],
    [''],
    ['.5'],
    ['1.'],
    ['10000000'],
    ['0,5'],
    ['１'],
    ['NaN'],
    ['Infinity'],
    ['0x10'],
  ])('refuses %j with money.invalid_price', (text) => {
    expect(() => parsePrice(text)).toThrow(expect.objectContaining({ code: 'money.invalid_price', status: 400 }));
  });

  it.each([[0.5], [1], [null], [undefined], [{}], [['1']], [1n]])('refuses the non-string %s', (value) => {
    expect(() => parsePrice(value)).toThrow(AppError);
    expect(isPriceText(value)).toBe(false);
  });
});

describe('formatPrice', () => {
  it('writes the canonical form: two decimals at least, four at most', () => {
    expect(formatPrice(6000)).toBe('0.60');
    expect(formatPrice(20_000)).toBe('2.00');
    expect(formatPrice(4883)).toBe('0.4883');
    expect(formatPrice(5380)).toBe('0.538');
    expect(formatPrice(1)).toBe('0.0001');
    expect(formatPrice(0)).toBe('0.00');
  });

  it('refuses what is not a price', () => {
    expect(() => formatPrice(-1)).toThrow(RangeError);
    expect(() => formatPrice(0.5)).toThrow(RangeError);
    expect(() => formatPrice(MAX_PRICE_PER_10K_YUAN + 1)).toThrow(RangeError);
  });

  it('round-trips: parse(format(p)) = p for every price', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_PRICE_PER_10K_YUAN }), (price) => {
        expect(parsePrice(formatPrice(price))).toBe(price);
      }),
    );
  });

  it('round-trips: format(parse(s)) is a canonical string worth the same', () => {
    const priceText = fc
      .tuple(fc.stringMatching(/^\d{1,7}$/), fc.option(fc.stringMatching(/^\d{1,4}$/), { nil: undefined }))
      .map(([whole, decimals]) => (decimals === undefined ? whole : `${whole}.${decimals}`));
    fc.assert(
      fc.property(priceText, (text) => {
        const canonical = formatPrice(parsePrice(text));
        expect(canonical).toMatch(/^(0|[1-9]\d{0,6})\.\d{2,4}$/);
        expect(parsePrice(canonical)).toBe(parsePrice(text));
        expect(formatPrice(parsePrice(canonical))).toBe(canonical);
      }),
    );
  });
});
