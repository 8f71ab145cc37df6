import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateMeterAlarms } from './evaluate';
import type { MeterAlarmInput } from './input';
import { input, intervals, WATER } from './test-fixtures';

function surge(quantities: readonly number[], extra: Partial<MeterAlarmInput> = {}, minutes = 60) {
  const findings = evaluateMeterAlarms(input({ recentUsage: intervals('2026-03-15T02:00', quantities, minutes), ...extra }));
  return findings.find((finding) => finding.kind === 'usage_surge');
}

const SIX = (quantity: number) => Array.from({ length: 6 }, () => quantity);

describe('usage_surge', () => {
  it('needs the latest rate above three times the median of the earlier ones', () => {
    expect(surge([...SIX(1_000), 3_000])).toBeUndefined();
    expect(surge([...SIX(1_000), 3_001])).toEqual({
      kind: 'usage_surge',
      severity: 'warning',
      message: '用量突增：每小时 3.00 kWh（平时约 1.00 kWh）',
      details: {
        ratePerHour: 3_001,
        medianPerHour: 1_000,
        floorPerHour: 2_000,
        unit: 'Wh',
        // 08:00–09:00 Shanghai.
        intervalFrom: '2026-03-15T00:00:00.000Z',
        intervalTo: '2026-03-15T01:00:00.000Z',
      },
    });
  });

  it('needs the latest rate above the floor, so an idle meter does not alarm at the first kettle', () => {
    expect(surge([...SIX(0), 2_000])).toBeUndefined();
    expect(surge([...SIX(0), 2_001])?.details).toMatchObject({ ratePerHour: 2_001, medianPerHour: 0 });
    expect(surge([...SIX(0), 801], { surgeFloorPerHour: 800 })).toBeDefined();
  });

  it('needs six earlier intervals to call anything a pattern', () => {
    expect(surge([...SIX(0).slice(1), 50_000])).toBeUndefined();
    expect(surge([...SIX(0), 50_000])).toBeDefined();
  });

  it('takes the mean of the two middle rates for an even count, exactly', () => {
    const earlier = [100, 100, 100, 900, 900, 900]; // median 500
    expect(surge([...earlier, 1_500], { surgeFloorPerHour: 1 })).toBeUndefined();
    expect(surge([...earlier, 1_501], { surgeFloorPerHour: 1 })?.details).toMatchObject({ medianPerHour: 500 });
  });

  it('compares hourly rates, whatever the intervals’ length', () => {
    // 1001 Wh in 30 minutes is 2002 Wh an hour.
    expect(surge([...SIX(250), 1_001], {}, 30)?.details).toMatchObject({ ratePerHour: 2_002, medianPerHour: 500 });
    expect(surge([...SIX(250), 1_000], {}, 30)).toBeUndefined();
  });

  it('uses a water floor of 0.5 m³ an hour and speaks in litres', () => {
    expect(surge([...SIX(0), 500], { meter: WATER })).toBeUndefined();
    const found = surge([...SIX(8), 501], { meter: WATER });
    expect(found?.message).toBe('用量突增：每小时 501 L（平时约 8 L）');
    expect(found?.details).toMatchObject({ unit: 'L', floorPerHour: 500 });
  });

  it('looks at the latest interval whatever the order the intervals come in', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 5_000 }), { minLength: 7, maxLength: 30 }), fc.nat(), (quantities, seed) => {
        const ordered = intervals('2026-03-15T02:00', quantities);
        const shuffled = [...ordered].sort((a, b) => ((a.quantity * 31 + seed) % 7) - ((b.quantity * 31 + seed) % 7));
        const find = (recentUsage: typeof ordered) => evaluateMeterAlarms(input({ recentUsage })).find((f) => f.kind === 'usage_surge');
        expect(find(shuffled)).toEqual(find(ordered));
      }),
    );
  });
});
