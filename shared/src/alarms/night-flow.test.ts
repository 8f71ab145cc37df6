import { describe, expect, it } from 'vitest';
import { evaluateMeterAlarms } from './evaluate';
import type { AlarmUsageInterval, MeterAlarmInput } from './input';
import { latestNight } from './night-flow';
import { at, ELECTRIC, input, intervals, WATER } from './test-fixtures';

/** Hourly water use from 20:00 on the 14th to 08:00 on the 15th (12 hours); the night is entries 4..8. */
function evening(night: readonly number[], before = [40, 120, 300, 10], after = [0, 0, 0]): AlarmUsageInterval[] {
  return intervals('2026-03-14T20:00', [...before, ...night, ...after]);
}

function nightFlow(recentUsage: readonly AlarmUsageInterval[], extra: Partial<MeterAlarmInput> = {}) {
  const findings = evaluateMeterAlarms(input({ meter: WATER, recentUsage, ...extra }));
  return findings.find((finding) => finding.kind === 'night_flow');
}

describe('night_flow', () => {
  it('reports water running every hour from 00:00 to 05:00 as a likely leak', () => {
    expect(nightFlow(evening([12, 15, 12, 20, 12]))).toEqual({
      kind: 'night_flow',
      severity: 'warning',
      message: '夜间持续用水，疑似漏水：0–5 点每小时至少 12 L',
      details: { night: '2026-03-15', minRateLPerHour: 12, intervals: 5, judgedVolumeL: 71 },
    });
  });

  it('leaves a normal evening alone: heavy use before midnight, a dry night', () => {
    expect(nightFlow(evening([0, 0, 0, 0, 0], [80, 200, 350, 150]))).toBeUndefined();
    // A flush at 02:00 is use, not a leak.
    expect(nightFlow(evening([0, 0, 10, 0, 0]))).toBeUndefined();
  });

  it('needs every hour to flow at the minimum rate', () => {
    expect(nightFlow(evening([12, 15, 0, 20, 12]))).toBeUndefined();
    expect(nightFlow(evening([12, 12, 12, 12, 12]), { nightMinFlowLPerHour: 12 })).toBeDefined();
    expect(nightFlow(evening([12, 12, 11, 12, 12]), { nightMinFlowLPerHour: 12 })).toBeUndefined();
    // With 15-minute data, 1 L in a quarter hour is 4 L an hour.
    const quarters = intervals('2026-03-15T00:00', Array.from({ length: 20 }, () => 1), 15);
    expect(nightFlow(quarters, { nightMinFlowLPerHour: 4 })?.details).toMatchObject({ minRateLPerHour: 4, intervals: 20 });
    expect(nightFlow(quarters, { nightMinFlowLPerHour: 5 })).toBeUndefined();
  });

  it('says nothing when the data leaves a gap in the night', () => {
    const leak = evening([12, 15, 12, 20, 12]);
    expect(nightFlow(leak.filter((_, index) => index !== 6))).toBeUndefined();
    // Ends at 04:00.
    expect(nightFlow(leak.slice(0, 8))).toBeUndefined();
  });

  it('does not pro-rate coarse intervals: a daily or two-hourly reading proves nothing', () => {
    expect(nightFlow(intervals('2026-03-14T10:00', [480], 24 * 60))).toBeUndefined();
    expect(nightFlow(intervals('2026-03-14T22:00', [40, 40, 40, 40], 120))).toBeUndefined();
    expect(nightFlow(intervals('2026-03-14T22:30', [40, 40, 40, 40, 40], 90))).toBeDefined();
  });

  it('judges intervals straddling 00:00 and 05:00 by their own rate', () => {
    const offset = intervals('2026-03-14T23:30', [6, 6, 6, 6, 6, 6]); // 23:30 … 05:30
    expect(nightFlow(offset)?.details).toMatchObject({ intervals: 6, minRateLPerHour: 6 });
    // A shower at 23:40 makes the first interval flow, not the rest of the night.
    expect(nightFlow(intervals('2026-03-14T23:30', [300, 0, 0, 0, 0, 0]))).toBeUndefined();
  });

  it('judges the latest night that has ended by now', () => {
    const leak = evening([12, 15, 12, 20, 12]);
    expect(nightFlow(leak, { now: at('2026-03-15T05:00') })?.details.night).toBe('2026-03-15');
    // At 04:59 tonight has not ended: last night (the 14th, no data) is judged.
    expect(nightFlow(leak, { now: at('2026-03-15T04:59') })).toBeUndefined();
    expect(nightFlow(leak, { now: at('2026-03-16T04:59') })?.details.night).toBe('2026-03-15');
    expect(nightFlow(leak, { now: at('2026-03-16T05:00') })).toBeUndefined();
  });

  it('is a water rule only', () => {
    const findings = evaluateMeterAlarms(input({ meter: ELECTRIC, recentUsage: evening([120, 150, 120, 200, 120]) }));
    expect(findings.map((finding) => finding.kind)).not.toContain('night_flow');
  });
});

describe('latestNight', () => {
  it('is 00:00–05:00 Asia/Shanghai whatever the machine’s time zone', () => {
    expect(latestNight(at('2026-03-15T05:00').getTime())).toEqual({
      startMs: Date.parse('2026-03-14T16:00:00Z'),
      endMs: Date.parse('2026-03-14T21:00:00Z'),
    });
    expect(latestNight(at('2026-03-15T00:30').getTime()).startMs).toBe(at('2026-03-14T00:00').getTime());
    expect(latestNight(at('2026-03-15T23:59').getTime()).startMs).toBe(at('2026-03-15T00:00').getTime());
  });
});
