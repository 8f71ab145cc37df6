import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateMeterAlarms } from './evaluate';
import { forecastDaysRemaining } from './forecast';
import { ELECTRIC, input, intervals, WATER } from './test-fixtures';

const kindsOf = (balanceFen: number, extra: Parameters<typeof input>[0] = {}) =>
  evaluateMeterAlarms(input({ balanceFen, ...extra })).map((finding) => finding.kind);

// 24 hours at 1 kWh an hour, 0.50 yuan/kWh = 50_000 micro-fen per Wh: 1200 fen a day.
const DAY_OF_USE = intervals('2026-03-14T10:00', Array.from({ length: 24 }, () => 1_000));
const COST = 50_000n;

describe('low_balance by threshold', () => {
  it('fires at and below the threshold while the balance is positive', () => {
    expect(kindsOf(2_000)).toEqual(['low_balance']);
    expect(kindsOf(1)).toEqual(['low_balance']);
    expect(kindsOf(2_001)).toEqual([]);
  });

  it('gives the yuan left and the threshold in integer fen', () => {
    const [finding] = evaluateMeterAlarms(input({ balanceFen: 1_234 }));
    expect(finding).toEqual({
      kind: 'low_balance',
      severity: 'warning',
      message: '余额不足：剩余 ¥12.34',
      details: { balanceFen: 1_234, lowBalanceFen: 2_000, belowThreshold: true },
    });
  });

  it('is disabled by a threshold of 0', () => {
    expect(kindsOf(1, { meter: { ...ELECTRIC, lowBalanceFen: 0 } })).toEqual([]);
  });
});

describe('low_balance by forecast', () => {
  const withUsage = { recentUsage: DAY_OF_USE, lastCostPerUnitMicroFen: COST };

  it('fires when the balance lasts 2 whole days, not when it lasts exactly 3', () => {
    expect(kindsOf(3_600, withUsage)).toEqual([]);
    const [finding] = evaluateMeterAlarms(input({ balanceFen: 3_599, ...withUsage }));
    expect(finding?.message).toBe('余额不足：剩余 ¥35.99，约 2 天');
    expect(finding?.details).toEqual({ balanceFen: 3_599, lowBalanceFen: 2_000, belowThreshold: false, daysRemaining: 2 });
  });

  it('honours a configured number of days', () => {
    expect(kindsOf(6_000, { ...withUsage, lowBalanceDays: 5 })).toEqual([]);
    expect(kindsOf(5_999, { ...withUsage, lowBalanceDays: 5 })).toEqual(['low_balance']);
    expect(kindsOf(1_199, { ...withUsage, meter: { ...ELECTRIC, lowBalanceFen: 0 }, lowBalanceDays: 0 })).toEqual([]);
  });

  it('adds the days to a threshold finding when they are known', () => {
    const [finding] = evaluateMeterAlarms(input({ balanceFen: 1_500, ...withUsage }));
    expect(finding?.message).toBe('余额不足：剩余 ¥15.00，约 1 天');
    expect(finding?.details).toMatchObject({ belowThreshold: true, daysRemaining: 1 });
  });

  it('makes no forecast from less than 24 hours of data, or without a cost', () => {
    expect(kindsOf(2_500, { recentUsage: DAY_OF_USE.slice(1), lastCostPerUnitMicroFen: COST })).toEqual([]);
    expect(kindsOf(2_500, { recentUsage: DAY_OF_USE })).toEqual([]);
    expect(kindsOf(2_500, withUsage)).toEqual(['low_balance']);
  });
});

describe('forecastDaysRemaining', () => {
  it('divides the balance by the exact daily cost, rounding down', () => {
    expect(forecastDaysRemaining(3_600, DAY_OF_USE, COST)).toBe(3);
    expect(forecastDaysRemaining(3_599, DAY_OF_USE, COST)).toBe(2);
    // 10 kWh a day at 0.4883 yuan: 488.3 fen a day.
    expect(forecastDaysRemaining(1_234, intervals('2026-03-14T00:00', [10_000], 24 * 60), 48_830n)).toBe(2);
  });

  it('averages over the hours covered, so a gap in the data does not dilute the pace', () => {
    const gapped = [...DAY_OF_USE.slice(0, 12), ...intervals('2026-03-12T00:00', Array.from({ length: 12 }, () => 1_000))];
    expect(forecastDaysRemaining(3_599, gapped, COST)).toBe(2);
  });

  it('knows nothing without a day of data or without a cost, and 0 for an empty balance', () => {
    expect(forecastDaysRemaining(3_599, DAY_OF_USE.slice(1), COST)).toBeNull();
    expect(forecastDaysRemaining(3_599, DAY_OF_USE, 0n)).toBeNull();
    expect(forecastDaysRemaining(3_599, intervals('2026-03-14T00:00', [0, 0], 12 * 60), COST)).toBeNull();
    expect(forecastDaysRemaining(0, DAY_OF_USE, COST)).toBe(0);
    expect(forecastDaysRemaining(-50, DAY_OF_USE, COST)).toBe(0);
  });

  it('saturates instead of losing precision', () => {
    expect(forecastDaysRemaining(Number.MAX_SAFE_INTEGER, intervals('2026-03-14T00:00', [1], 24 * 60), 1n)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses a non-integer balance or a negative cost', () => {
    expect(() => forecastDaysRemaining(12.5, DAY_OF_USE, COST)).toThrow(RangeError);
    expect(() => forecastDaysRemaining(100, DAY_OF_USE, -1n)).toThrow(RangeError);
  });

  it('lasts no longer for a smaller balance and never beyond the exact quotient', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), fc.nat({ max: 10_000_000 }), fc.bigInt({ min: 1n, max: 10n ** 6n }), (a, b, cost) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const lowDays = forecastDaysRemaining(low, DAY_OF_USE, cost) ?? 0;
        const highDays = forecastDaysRemaining(high, DAY_OF_USE, cost) ?? 0;
        expect(lowDays).toBeLessThanOrEqual(highDays);
        // days × daily cost ≤ balance < (days + 1) × daily cost, in micro-fen (24 kWh a day).
        const dailyMicroFen = 24_000n * cost;
        expect(BigInt(highDays) * dailyMicroFen <= BigInt(high) * 1_000_000n).toBe(true);
        expect(BigInt(high) * 1_000_000n < BigInt(highDays + 1) * dailyMicroFen || high === 0).toBe(true);
      }),
    );
  });
});

describe('balance_exhausted', () => {
  it('fires at exactly 0 and in arrears, never together with low_balance', () => {
    expect(kindsOf(0)).toEqual(['balance_exhausted']);
    expect(kindsOf(-1)).toEqual(['balance_exhausted']);
    expect(kindsOf(0, { recentUsage: DAY_OF_USE, lastCostPerUnitMicroFen: COST })).toEqual(['balance_exhausted']);
  });

  it('says what is owed and whether supply is kept on', () => {
    const [owed] = evaluateMeterAlarms(input({ balanceFen: -305 }));
    expect(owed).toEqual({
      kind: 'balance_exhausted',
      severity: 'critical',
      message: '余额已用完：欠费 ¥3.05',
      details: { balanceFen: -305, keepOn: false },
    });
    const [kept] = evaluateMeterAlarms(input({ balanceFen: 0, meter: { ...WATER, keepOn: true } }));
    expect(kept?.message).toBe('余额已用完：余额 ¥0.00，保持供水中');
    expect(kept?.details).toEqual({ balanceFen: 0, keepOn: true });
  });
});
