import { describe, expect, it } from 'vitest';
import { cycleBounds, cycleKey, proRatedThreshold } from './cycle';
import { parseTariff } from './parse';
import { shanghaiCalendar, shanghaiMidnightMs, startOfShanghaiDayMs } from './shanghai-time';

const monthly = parseTariff({ name: 'm', utility: 'water', kind: 'tiered', cycle: 'month', tiers: [{ upTo: null, price: '1' }] });
const yearly = parseTariff({ name: 'y', utility: 'electricity', kind: 'tiered', cycle: 'year', tiers: [{ upTo: null, price: '1' }] });
const flat = parseTariff({ name: 'f', utility: 'electricity', kind: 'flat', price: '1' });

describe('shanghai time', () => {
  it('reads local calendar fields at UTC+8, whatever the machine zone', () => {
    expect(shanghaiCalendar(Date.parse('2026-12-31T16:00:00Z'))).toEqual({ year: 2027, month: 1, day: 1, minuteOfDay: 0 });
    expect(shanghaiCalendar(Date.parse('2026-12-31T15:59:00Z'))).toEqual({ year: 2026, month: 12, day: 31, minuteOfDay: 1439 });
    expect(shanghaiMidnightMs(2026, 13, 1)).toBe(Date.parse('2027-01-01T00:00:00+08:00'));
    expect(startOfShanghaiDayMs(Date.parse('2026-03-10T07:59:59.999+08:00'))).toBe(Date.parse('2026-03-10T00:00:00+08:00'));
  });
});

describe('cycleKey', () => {
  it('names the Shanghai calendar month or year of the reading', () => {
    expect(cycleKey(monthly, new Date('2026-11-30T16:00:00Z'))).toBe('2026-12');
    expect(cycleKey(monthly, new Date('2026-11-30T15:59:59.999Z'))).toBe('2026-11');
    expect(cycleKey(yearly, new Date('2026-12-31T16:00:00Z'))).toBe('2027');
    expect(cycleKey(yearly, new Date('2026-12-31T15:59:59Z'))).toBe('2026');
  });

  it('gives untiered tariffs the month key', () => {
    expect(cycleKey(flat, new Date('2026-02-03T00:00:00+08:00'))).toBe('2026-02');
  });

  it('refuses an invalid date', () => {
    expect(() => cycleKey(flat, new Date('nope'))).toThrow(RangeError);
  });
});

describe('cycleBounds', () => {
  it('runs from local midnight to local midnight', () => {
    const at = Date.parse('2024-02-10T12:00:00+08:00');
    expect(cycleBounds('month', at)).toEqual({
      startMs: Date.parse('2024-02-01T00:00:00+08:00'),
      endMs: Date.parse('2024-03-01T00:00:00+08:00'),
    });
    expect(cycleBounds('year', at)).toEqual({
      startMs: Date.parse('2024-01-01T00:00:00+08:00'),
      endMs: Date.parse('2025-01-01T00:00:00+08:00'),
    });
  });
});

describe('proRatedThreshold', () => {
  const november = cycleBounds('month', Date.parse('2026-11-20T00:00:00+08:00'));

  it('scales by the days left, counting the move-in day whole', () => {
    // 16..30 November: 15 of 30 days.
    expect(proRatedThreshold(240_000, november, Date.parse('2026-11-16T23:59:00+08:00'))).toBe(120_000);
    expect(proRatedThreshold(240_000, november, Date.parse('2026-11-16T00:00:00+08:00'))).toBe(120_000);
    // The last day: 1 of 30 days.
    expect(proRatedThreshold(240_000, november, Date.parse('2026-11-30T20:00:00+08:00'))).toBe(8_000);
  });

  it('rounds half up to a whole base unit', () => {
    // 1001 Wh × 15/30 = 500.5 → 501; 1 Wh × 1/30 → 0.
    expect(proRatedThreshold(1001, november, Date.parse('2026-11-16T08:00:00+08:00'))).toBe(501);
    expect(proRatedThreshold(1, november, Date.parse('2026-11-30T08:00:00+08:00'))).toBe(0);
    // 2760 kWh a year, move-in 10 April 2026: 266 of 365 days → 2_011_397.26 Wh → 2_011_397 Wh.
    const year = cycleBounds('year', Date.parse('2026-06-01T00:00:00+08:00'));
    expect(proRatedThreshold(2_760_000, year, Date.parse('2026-04-10T12:00:00+08:00'))).toBe(2_011_397);
  });

  it('leaves the threshold whole for a tenant there since the cycle began', () => {
    expect(proRatedThreshold(240_000, november, undefined)).toBe(240_000);
    expect(proRatedThreshold(240_000, november, Date.parse('2026-11-01T00:00:00+08:00'))).toBe(240_000);
    expect(proRatedThreshold(240_000, november, Date.parse('2025-03-01T00:00:00+08:00'))).toBe(240_000);
  });
});
