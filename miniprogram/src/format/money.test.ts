import { describe, expect, it } from 'vitest';
import { formatBalance, formatYuanLabel } from './money';

describe('formatBalance', () => {
  it('shows integer fen as yuan with the ¥ sign', () => {
    expect(formatBalance(12345)).toBe('¥123.45');
    expect(formatBalance(0)).toBe('¥0.00');
    expect(formatBalance(5)).toBe('¥0.05');
  });

  it('puts the minus sign before the ¥ for a debt', () => {
    expect(formatBalance(-500)).toBe('-¥5.00');
  });

  it('refuses a fractional amount instead of rounding it', () => {
    expect(() => formatBalance(10.5)).toThrow(TypeError);
  });
});

describe('formatYuanLabel', () => {
  it('drops the decimals of whole yuan only', () => {
    expect(formatYuanLabel(5000)).toBe('50元');
    expect(formatYuanLabel(20000)).toBe('200元');
    expect(formatYuanLabel(1050)).toBe('10.50元');
    expect(formatYuanLabel(1)).toBe('0.01元');
  });
});
