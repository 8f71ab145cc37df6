import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLitresAsCubicMetres, formatReadingValue, formatShanghaiTime, formatWhAsKwh } from './reading';

describe('formatWhAsKwh', () => {
  it('shows Wh as kWh with two decimals', () => {
    expect(formatWhAsKwh(1234560)).toBe('1234.56 kWh');
    expect(formatWhAsKwh(0)).toBe('0.00 kWh');
    expect(formatWhAsKwh(5)).toBe('0.00 kWh');
    expect(formatWhAsKwh(1010)).toBe('1.01 kWh');
  });

  it('truncates instead of rounding up a partial 10 Wh', () => {
    expect(formatWhAsKwh(1234569)).toBe('1234.56 kWh');
    expect(formatWhAsKwh(-1234569)).toBe('-1234.56 kWh');
  });

  it('refuses a non-integer reading', () => {
    expect(() => formatWhAsKwh(1.5)).toThrow(TypeError);
    expect(() => formatWhAsKwh(Number.NaN)).toThrow(TypeError);
  });

  it('keeps every completed 10 Wh step (digits read back exactly)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (energyWh) => {
        const digits = formatWhAsKwh(energyWh).replace(' kWh', '').replace('.', '');
        expect(BigInt(digits) * 10n).toBe(BigInt(energyWh) - (BigInt(energyWh) % 10n));
      }),
    );
  });
});

describe('formatLitresAsCubicMetres', () => {
  it('shows litres as m³ with three exact decimals', () => {
    expect(formatLitresAsCubicMetres(12345)).toBe('12.345 m³');
    expect(formatLitresAsCubicMetres(7)).toBe('0.007 m³');
    expect(formatLitresAsCubicMetres(1000)).toBe('1.000 m³');
  });
});

describe('formatReadingValue', () => {
  it('picks kWh for Wh and m³ for L', () => {
    expect(formatReadingValue({ value: 1234560, unit: 'Wh' })).toBe('1234.56 kWh');
    expect(formatReadingValue({ value: 1234560, unit: 'L' })).toBe('1234.560 m³');
  });
});

describe('formatShanghaiTime', () => {
  it('shows an instant in Beijing time whatever offset it was written with', () => {
    expect(formatShanghaiTime('2025-11-20T00:30:00Z')).toBe('2025-11-20 08:30');
    expect(formatShanghaiTime('2025-11-20T23:59:00+08:00')).toBe('2025-11-20 23:59');
  });

  it('returns text it cannot parse unchanged', () => {
    expect(formatShanghaiTime('yesterday')).toBe('yesterday');
  });
});
