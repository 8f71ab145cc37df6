/**
 * Shared test data for the alarm rules (not part of the module's public face).
 * Times are written in Asia/Shanghai local time.
 */
import fc from 'fast-check';
import type { AlarmMeter, AlarmUsageInterval, MeterAlarmInput } from './input';

const HOUR_MS = 3_600_000;

/** `at('2026-03-15T10:00')` is 10:00 in Shanghai. */
export const at = (local: string): Date => new Date(`${local}+08:00`);

export const NOW = at('2026-03-15T10:00');

export const ELECTRIC: AlarmMeter = { id: 'E-101', utility: 'electricity', lowBalanceFen: 2_000, keepOn: false, supply: 'on' };
export const WATER: AlarmMeter = { id: 'W-101', utility: 'water', lowBalanceFen: 2_000, keepOn: false, supply: 'on' };

/** A healthy electricity meter: ¥100 left, reported an hour ago, no usage data. */
export function input(overrides: Partial<MeterAlarmInput> = {}): MeterAlarmInput {
  return {
    meter: ELECTRIC,
    balanceFen: 10_000,
    now: NOW,
    recentUsage: [],
    lastReportAt: new Date(NOW.getTime() - HOUR_MS),
    ...overrides,
  };
}

/** Back-to-back intervals of `minutes` each, the first starting at `startLocal`. */
export function intervals(startLocal: string, quantities: readonly number[], minutes = 60): AlarmUsageInterval[] {
  const startMs = at(startLocal).getTime();
  return quantities.map((quantity, index) => ({
    from: new Date(startMs + index * minutes * 60_000),
    to: new Date(startMs + (index + 1) * minutes * 60_000),
    quantity,
  }));
}

/** Back-to-back or gapped intervals of 1 min to 3 h, starting a week before NOW. */
const irregularUsage: fc.Arbitrary<AlarmUsageInterval[]> = fc
  .array(
    fc.record({ gapMinutes: fc.constantFrom(0, 0, 0, 15, 90), minutes: fc.integer({ min: 1, max: 180 }), quantity: fc.nat({ max: 20_000 }) }),
    { maxLength: 60, size: 'max' },
  )
  .map((parts) => {
    let cursorMs = NOW.getTime() - 7 * 24 * HOUR_MS;
    return parts.map(({ gapMinutes, minutes, quantity }) => {
      const fromMs = cursorMs + gapMinutes * 60_000;
      cursorMs = fromMs + minutes * 60_000;
      return { from: new Date(fromMs), to: new Date(cursorMs), quantity };
    });
  });

/** Up to 8 days of hourly data ending at NOW (so nights, forecasts and surges all get exercised). */
const hourlyUsage: fc.Arbitrary<AlarmUsageInterval[]> = fc
  .array(fc.oneof(fc.constant(0), fc.nat({ max: 50 }), fc.nat({ max: 5_000 })), { maxLength: 8 * 24, size: 'max' })
  .map((quantities) => {
    const startMs = NOW.getTime() - quantities.length * HOUR_MS;
    return quantities.map((quantity, index) => ({
      from: new Date(startMs + index * HOUR_MS),
      to: new Date(startMs + (index + 1) * HOUR_MS),
      quantity,
    }));
  });

export const usageArbitrary: fc.Arbitrary<AlarmUsageInterval[]> = fc.oneof(irregularUsage, hourlyUsage);

/** Any valid input, healthy or not. */
export const inputArbitrary: fc.Arbitrary<MeterAlarmInput> = fc
  .record({
    utility: fc.constantFrom('electricity' as const, 'water' as const),
    lowBalanceFen: fc.nat({ max: 10_000 }),
    keepOn: fc.boolean(),
    supply: fc.constantFrom('on' as const, 'off' as const),
    balanceFen: fc.integer({ min: -5_000, max: 50_000 }),
    cost: fc.option(fc.bigInt({ min: 0n, max: 500_000n }), { nil: undefined }),
    status: fc.record({ batteryLow: fc.boolean(), fault: fc.boolean(), valve: fc.constantFrom('open' as const, 'closed' as const, 'abnormal' as const) }),
    silentMinutes: fc.option(fc.integer({ min: -60, max: 5 * 24 * 60 }), { nil: null }),
    usage: usageArbitrary,
  })
  .map(({ utility, lowBalanceFen, keepOn, supply, balanceFen, cost, status, silentMinutes, usage }) => ({
    meter: { id: 'M-1', utility, lowBalanceFen, keepOn, supply },
    balanceFen,
    now: NOW,
    recentUsage: usage,
    lastCostPerUnitMicroFen: cost,
    status,
    lastReportAt: silentMinutes === null ? null : new Date(NOW.getTime() - silentMinutes * 60_000),
  }));
