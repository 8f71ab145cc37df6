import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MeterParameters, parameterDifferences, paramsMismatchFinding, type ReportedParameters } from '.';

const at = new Date('2026-12-02T12:00:00Z');
const tariff = { schedules: [['1.0000', '0.8000', '0.5380', '0.3000'], ['0.9', '0.7', '0.5', '0.3']] as [string[], string[]], switchAt: '2027-01-01T00:00:00+08:00' };

describe('remote parameters', () => {
  it('finds nothing when the meter holds what was set, however its prices are written', () => {
    const desired = MeterParameters.parse({ alarmThresholdFen: 2000, overdraftLimitFen: 500, closeAllowedFen: 100, tariff, clock: true });
    const reported: ReportedParameters = {
      alarmThresholdFen: 2000,
      overdraftLimitFen: 500,
      closeAllowedFen: 100,
      tariff: { schedules: [['1', '0.8', '0.538', '0.3'], ['0.9000', '0.7000', '0.5000', '0.3000']], switchAt: '2026-12-31T16:00:00Z' },
      clockAt: new Date(at.getTime() + 30_000).toISOString(),
    };
    expect(parameterDifferences(desired, reported, at)).toEqual([]);
  });

  it('names each parameter the meter does not hold, and a clock that is off', () => {
    const desired = MeterParameters.parse({ alarmThresholdFen: 2000, tariff, clock: true });
    const reported: ReportedParameters = { alarmThresholdFen: 1000, tariff: { ...tariff, switchAt: '2027-02-01T00:00:00+08:00' }, clockAt: new Date(at.getTime() - 10 * 60_000).toISOString() };
    const differences = parameterDifferences(desired, reported, at);
    expect(differences).toEqual(['alarmThresholdFen', 'tariff', 'clock']);
    expect(paramsMismatchFinding(differences, 'c1')).toEqual({
      kind: 'params_mismatch',
      severity: 'warning',
      message: '表内参数与下发不符：报警金额、费率与切换时间、时钟',
      details: { differences: 'alarmThresholdFen,tariff,clock', commandId: 'c1' },
    });
    expect(paramsMismatchFinding([], 'c1')).toBeNull();
  });

  it('refuses an empty or malformed set', () => {
    expect(() => MeterParameters.parse({})).toThrow();
    expect(() => MeterParameters.parse({ tariff: { schedules: [['1', '2', '3', '4', '5'], ['1']], switchAt: '2027-01-01T00:00:00Z' } })).toThrow();
    expect(() => MeterParameters.parse({ alarmThresholdFen: -1 })).toThrow();
    expect(() => MeterParameters.parse({ clock: false })).toThrow();
  });

  it('reports a threshold exactly when it differs (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: undefined }), (set, held, otherHeld) => {
        const desired = MeterParameters.parse({ overdraftLimitFen: set, closeAllowedFen: 0 });
        const differences = parameterDifferences(desired, { overdraftLimitFen: held, ...(otherHeld === undefined ? {} : { closeAllowedFen: otherHeld }) }, at);
        expect(differences.includes('overdraftLimitFen')).toBe(set !== held);
        expect(differences.includes('closeAllowedFen')).toBe(otherHeld !== 0);
      }),
    );
  });
});
