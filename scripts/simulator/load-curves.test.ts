import { describe, expect, it } from 'vitest';
import { electricityPowerW, householdProfile, shanghaiTime, SLOT_MS, touRegisterAt, waterSlotLitres } from './load-curves';
import { randomFor } from './random';

const DAY_MS = 86_400_000;
/** Monday 2026-11-23 00:00 Asia/Shanghai. */
const MONDAY = Date.parse('2026-11-23T00:00:00+08:00');

/** Use per local hour over `days` days from MONDAY, for one household. */
function hourly(seed: number, meterId: string, days: number, use: typeof electricityPowerW) {
  const profile = householdProfile(seed, meterId);
  const byHour = Array.from({ length: 24 }, () => 0);
  for (let ms = MONDAY; ms < MONDAY + days * DAY_MS; ms += SLOT_MS) {
    const hour = Math.floor(shanghaiTime(ms).hour);
    byHour[hour]! += use(profile, ms, randomFor(seed, meterId, 'slot', ms / SLOT_MS)) / days;
  }
  return byHour;
}

describe('electricityPowerW', () => {
  it('stays within 150–2800 W and peaks in the morning and evening over a low night', () => {
    // Prepare
    const profile = householdProfile(1, 'E-1');
    // Act
    const watts = Array.from({ length: 7 * 288 }, (_, i) => electricityPowerW(profile, MONDAY + i * SLOT_MS, randomFor(1, 'E-1', i)));
    const byHour = hourly(1, 'E-1', 5, electricityPowerW).map((wattSlots) => wattSlots / 12);
    // Assess
    expect(Math.min(...watts)).toBeGreaterThanOrEqual(150);
    expect(Math.max(...watts)).toBeLessThanOrEqual(2800);
    const night = (byHour[2]! + byHour[3]! + byHour[4]!) / 3;
    expect(byHour[7]!).toBeGreaterThan(2 * night);
    expect(byHour[20]!).toBeGreaterThan(4 * night);
  });

  it('gives the same day for the same seed and another for another seed', () => {
    expect(hourly(7, 'E-1', 1, electricityPowerW)).toEqual(hourly(7, 'E-1', 1, electricityPowerW));
    expect(hourly(8, 'E-1', 1, electricityPowerW)).not.toEqual(hourly(7, 'E-1', 1, electricityPowerW));
  });
});

describe('waterSlotLitres', () => {
  it('uses a household amount a day, mostly mornings and evenings, almost nothing at night', () => {
    for (const meterId of ['W-1', 'W-2', 'W-3']) {
      // Act
      const byHour = hourly(3, meterId, 7, waterSlotLitres);
      const daily = byHour.reduce((sum, litres) => sum + litres, 0);
      const night = byHour.slice(0, 5).reduce((sum, litres) => sum + litres, 0);
      const peaks = byHour.slice(6, 9).reduce((sum, litres) => sum + litres, 0) + byHour.slice(18, 23).reduce((sum, litres) => sum + litres, 0);
      // Assess
      expect(daily).toBeGreaterThan(60);
      expect(daily).toBeLessThan(400);
      expect(night).toBeLessThan(0.1 * daily);
      expect(peaks).toBeGreaterThan(0.5 * daily);
    }
  });
});

describe('touRegisterAt', () => {
  it('files 19:00–21:00 as sharp, 22:00–08:00 as valley, in Shanghai time', () => {
    expect(touRegisterAt(Date.parse('2026-11-23T19:30:00+08:00'))).toBe('rate1');
    expect(touRegisterAt(Date.parse('2026-11-23T09:00:00+08:00'))).toBe('rate2');
    expect(touRegisterAt(Date.parse('2026-11-23T12:00:00+08:00'))).toBe('rate3');
    expect(touRegisterAt(Date.parse('2026-11-23T23:59:00+08:00'))).toBe('rate4');
    expect(touRegisterAt(Date.parse('2026-11-23T07:59:00+08:00'))).toBe('rate4');
  });
});
