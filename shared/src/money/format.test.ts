import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFenAsYuan } from './format';

describe('formatFenAsYuan', () => {
  it('writes fen as yuan with exactly two decimals', () => {
    expect(formatFenAsYuan(0)).toBe('0.00');
    expect(formatFenAsYuan(5)).toBe('0.05');
    expect(formatFenAsYuan(12345)).toBe('123.45');
    expect(formatFenAsYuan(-5)).toBe('-0.05');
    expect(formatFenAsYuan(-100)).toBe('-1.00');
    expect(formatFenAsYuan(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91');
  });

  it('refuses non-integers rather than rounding them silently', () => {
    expect(() => formatFenAsYuan(1.5)).toThrow(TypeError);
    expect(() => formatFenAsYuan(Number.NaN)).toThrow(TypeError);
  });

  it('round-trips: the digits without the point are the fen', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (fen) => {
        const text = formatFenAsYuan(fen);
        expect(text).toMatch(/^-?\d+\.\d{2}$/);
        expect(BigInt(text.replace('.', ''))).toBe(BigInt(fen));
      }),
    );
  });
});
