import { describe, expect, it } from 'vitest';
import { assessReading, type MeterLimits } from './assess';

const meter: MeterLimits = { rolloverAtBaseUnits: 999_999_990, maxPlausiblePerHour: 13_200 };
const at = (iso: string) => new Date(`${iso}+08:00`);
const reading = (value: number, iso: string) => ({ value, at: at(iso) });

describe('assessReading', () => {
  it('makes the first reading a baseline', () => {
    expect(assessReading(null, reading(123_450, '2026-03-10T08:00'), meter)).toEqual({ kind: 'baseline' });
  });

  it('recognises the same packet delivered twice', () => {
    const previous = reading(1_000, '2026-03-10T08:00');
    expect(assessReading(previous, reading(1_000, '2026-03-10T08:00'), meter)).toEqual({ kind: 'duplicate' });
  });

  it('bills nothing for a reading not after the last one', () => {
    const previous = reading(1_000, '2026-03-10T08:00');
    expect(assessReading(previous, reading(1_010, '2026-03-10T08:00'), meter)).toEqual({ kind: 'stale' });
    expect(assessReading(previous, reading(900, '2026-03-10T07:00'), meter)).toEqual({ kind: 'stale' });
    expect(assessReading(previous, reading(1_000, '2026-03-10T07:59'), meter)).toEqual({ kind: 'stale' });
  });

  it('bills the difference of a later reading', () => {
    const previous = reading(1_000, '2026-03-10T08:00');
    expect(assessReading(previous, reading(6_000, '2026-03-10T09:00'), meter)).toEqual({ kind: 'consumption', quantity: 5_000 });
    expect(assessReading(previous, reading(1_000, '2026-03-10T09:00'), meter)).toEqual({ kind: 'consumption', quantity: 0 });
  });

  it('flags more than the meter can count in the time, with an hour of allowance for close readings', () => {
    const previous = reading(0, '2026-03-10T08:00');
    expect(assessReading(previous, reading(26_400, '2026-03-10T10:00'), meter)).toEqual({ kind: 'consumption', quantity: 26_400 });
    expect(assessReading(previous, reading(26_401, '2026-03-10T10:00'), meter)).toEqual({ kind: 'anomaly', reason: 'implausible_jump' });
    expect(assessReading(previous, reading(13_200, '2026-03-10T08:01'), meter)).toEqual({ kind: 'consumption', quantity: 13_200 });
    expect(assessReading(previous, reading(13_210, '2026-03-10T08:01'), meter)).toEqual({ kind: 'anomaly', reason: 'implausible_jump' });
  });

  it('recognises a counter wrap near the top of the register', () => {
    // 999999.95 kWh → 0.05 kWh one hour later: 0.04 + 0.01 (the step to 0) + 0.05 = 0.10 kWh.
    const previous = reading(999_999_950, '2026-03-10T08:00');
    expect(assessReading(previous, reading(50, '2026-03-10T09:00'), meter)).toEqual({ kind: 'rollover', quantity: 100 });
    const water = { ...meter, resolutionBaseUnits: 1 };
    expect(assessReading(previous, reading(50, '2026-03-10T09:00'), water)).toEqual({ kind: 'rollover', quantity: 91 });
  });

  it('flags a backwards reading that no wrap explains', () => {
    expect(assessReading(reading(5_000, '2026-03-10T08:00'), reading(4_990, '2026-03-10T09:00'), meter)).toEqual({
      kind: 'anomaly',
      reason: 'negative',
    });
    // Near the top, but the wrap would need more than the meter can count.
    expect(assessReading(reading(999_000_000, '2026-03-10T08:00'), reading(10, '2026-03-10T09:00'), meter)).toEqual({
      kind: 'anomaly',
      reason: 'negative',
    });
  });

  it('flags values the register cannot show, even as a first reading', () => {
    expect(assessReading(null, reading(1_000_000_000, '2026-03-10T08:00'), meter)).toEqual({ kind: 'anomaly', reason: 'out_of_range' });
    expect(assessReading(null, reading(-10, '2026-03-10T08:00'), meter)).toEqual({ kind: 'anomaly', reason: 'out_of_range' });
    expect(assessReading(null, reading(1.5, '2026-03-10T08:00'), meter)).toEqual({ kind: 'anomaly', reason: 'out_of_range' });
  });

  it('treats broken dates and limits as programmer errors', () => {
    expect(() => assessReading(null, { value: 1, at: new Date('x') }, meter)).toThrow(RangeError);
    expect(() => assessReading(null, reading(1, '2026-03-10T08:00'), { ...meter, maxPlausiblePerHour: 0 })).toThrow(RangeError);
    expect(() => assessReading(null, reading(1, '2026-03-10T08:00'), { ...meter, resolutionBaseUnits: 0.5 })).toThrow(RangeError);
  });
});
