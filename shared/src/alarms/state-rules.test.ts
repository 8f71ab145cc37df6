import { describe, expect, it } from 'vitest';
import { evaluateMeterAlarms } from './evaluate';
import { ELECTRIC, input, NOW, WATER } from './test-fixtures';

const HOUR_MS = 3_600_000;
const silentFor = (ms: number) => new Date(NOW.getTime() - ms);
const kinds = (overrides: Parameters<typeof input>[0]) => evaluateMeterAlarms(input(overrides)).map((finding) => finding.kind);

describe('supply_cut', () => {
  it('fires while the supply is off, in the words of the utility', () => {
    const [cut] = evaluateMeterAlarms(input({ meter: { ...ELECTRIC, supply: 'off' } }));
    expect(cut).toEqual({ kind: 'supply_cut', severity: 'warning', message: '已断电', details: { balanceFen: 10_000, keepOn: false } });
    const [closed] = evaluateMeterAlarms(input({ meter: { ...WATER, supply: 'off', keepOn: true } }));
    expect(closed?.message).toBe('已关阀停水（已设置保持供应）');
    expect(kinds({ meter: { ...ELECTRIC, supply: 'on' } })).toEqual([]);
  });
});

describe('communication_lost', () => {
  it('fires only after more than the allowed silence', () => {
    expect(kinds({ lastReportAt: silentFor(26 * HOUR_MS) })).toEqual([]);
    const [lost] = evaluateMeterAlarms(input({ lastReportAt: silentFor(26 * HOUR_MS + 1) }));
    expect(lost).toMatchObject({ kind: 'communication_lost', severity: 'warning', message: '通信中断：已 26 小时未上报' });
    expect(lost?.details).toEqual({ hoursSilent: 26, lastReportAt: silentFor(26 * HOUR_MS + 1).toISOString() });
  });

  it('counts days after two days of silence', () => {
    const [lost] = evaluateMeterAlarms(input({ lastReportAt: silentFor(75 * HOUR_MS) }));
    expect(lost?.message).toBe('通信中断：已 3 天未上报');
    expect(lost?.details.hoursSilent).toBe(75);
  });

  it('fires for a meter that never reported', () => {
    expect(evaluateMeterAlarms(input({ lastReportAt: null }))).toEqual([
      { kind: 'communication_lost', severity: 'warning', message: '通信中断：从未上报', details: { neverReported: true } },
    ]);
  });

  it('honours a configured silence and ignores a report time ahead of now', () => {
    expect(kinds({ lastReportAt: silentFor(2 * HOUR_MS + 1), commLossAfterHours: 2 })).toEqual(['communication_lost']);
    expect(kinds({ lastReportAt: silentFor(2 * HOUR_MS), commLossAfterHours: 2 })).toEqual([]);
    expect(kinds({ lastReportAt: silentFor(-HOUR_MS) })).toEqual([]);
  });
});

describe('meter_fault and low_battery', () => {
  it('makes a fault flag or an abnormal valve critical', () => {
    expect(evaluateMeterAlarms(input({ status: { fault: true } }))).toEqual([
      { kind: 'meter_fault', severity: 'critical', message: '表计故障', details: { fault: true, valveAbnormal: false } },
    ]);
    const [valve] = evaluateMeterAlarms(input({ meter: WATER, status: { valve: 'abnormal' } }));
    expect(valve?.message).toBe('阀门异常');
    const [both] = evaluateMeterAlarms(input({ status: { fault: true, valve: 'abnormal' } }));
    expect(both?.message).toBe('表计故障，阀门异常');
  });

  it('takes an open or closed valve and cleared flags as healthy', () => {
    expect(kinds({ status: { fault: false, batteryLow: false, valve: 'closed' } })).toEqual([]);
    expect(kinds({ status: { valve: 'open' } })).toEqual([]);
    expect(kinds({ status: undefined })).toEqual([]);
  });

  it('warns of a low battery', () => {
    expect(evaluateMeterAlarms(input({ status: { batteryLow: true } }))).toEqual([
      { kind: 'low_battery', severity: 'warning', message: '表计电池电量低，请安排更换', details: { batteryLow: true } },
    ]);
  });
});
