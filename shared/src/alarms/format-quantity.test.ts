import { describe, expect, it } from 'vitest';
import { formatAlarmQuantity } from './format-quantity';

describe('formatAlarmQuantity', () => {
  it('writes Wh as kWh rounded down to the register step, and water in litres', () => {
    expect(formatAlarmQuantity(5_234, 'electricity')).toBe('5.23 kWh');
    expect(formatAlarmQuantity(9, 'electricity')).toBe('0.00 kWh');
    expect(formatAlarmQuantity(2_000, 'electricity')).toBe('2.00 kWh');
    expect(formatAlarmQuantity(1_234_567, 'electricity')).toBe('1234.56 kWh');
    expect(formatAlarmQuantity(620, 'water')).toBe('620 L');
  });

  it('refuses a negative or fractional quantity', () => {
    expect(() => formatAlarmQuantity(-1, 'water')).toThrow(RangeError);
    expect(() => formatAlarmQuantity(1.5, 'electricity')).toThrow(RangeError);
  });
});
