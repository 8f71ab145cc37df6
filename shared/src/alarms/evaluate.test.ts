import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateMeterAlarms } from './evaluate';
import { ALARM_KINDS, CONDITION_ALARM_KINDS, EVENT_ALARM_KINDS } from './kinds';
import { ELECTRIC, input, inputArbitrary } from './test-fixtures';

describe('evaluateMeterAlarms', () => {
  it('finds nothing wrong with a healthy meter', () => {
    expect(evaluateMeterAlarms(input())).toEqual([]);
  });

  it('lists several findings in ALARM_KINDS order', () => {
    const findings = evaluateMeterAlarms(
      input({ meter: { ...ELECTRIC, supply: 'off' }, balanceFen: -120, lastReportAt: null, status: { batteryLow: true, fault: true } }),
    );
    expect(findings.map((f) => [f.kind, f.severity])).toEqual([
      ['balance_exhausted', 'critical'],
      ['supply_cut', 'warning'],
      ['communication_lost', 'warning'],
      ['meter_fault', 'critical'],
      ['low_battery', 'warning'],
    ]);
  });

  it('refuses malformed input as a programmer error', () => {
    const interval = (fromLocal: string, toLocal: string, quantity = 1) => ({ from: new Date(`${fromLocal}+08:00`), to: new Date(`${toLocal}+08:00`), quantity });
    const bad = [
      input({ balanceFen: 12.5 }),
      input({ balanceFen: Number.NaN }),
      input({ now: new Date('nope') }),
      input({ lastReportAt: new Date('nope') }),
      input({ meter: { ...ELECTRIC, lowBalanceFen: -1 } }),
      input({ meter: { ...ELECTRIC, id: '' } }),
      input({ lastCostPerUnitMicroFen: -1n }),
      input({ commLossAfterHours: 0 }),
      input({ lowBalanceDays: 1.5 }),
      input({ surgeFloorPerHour: 0 }),
      input({ recentUsage: [interval('2026-03-15T01:00', '2026-03-15T01:00')] }),
      input({ recentUsage: [interval('2026-03-15T01:00', '2026-03-15T02:00', -10)] }),
      input({ recentUsage: [interval('2026-03-15T01:00', '2026-03-15T02:00', 0.5)] }),
      input({ recentUsage: [interval('2026-03-15T01:00', '2026-03-15T03:00'), interval('2026-03-15T02:00', '2026-03-15T04:00')] }),
    ];
    for (const value of bad) expect(() => evaluateMeterAlarms(value)).toThrow(RangeError);
  });

  it('keeps the kinds distinct and split into conditions and events', () => {
    expect(new Set(ALARM_KINDS).size).toBe(14);
    expect([...CONDITION_ALARM_KINDS, ...EVENT_ALARM_KINDS].sort()).toEqual([...ALARM_KINDS].sort());
  });

  it('never finds low_balance and balance_exhausted together', () => {
    fc.assert(
      fc.property(inputArbitrary, (value) => {
        const kinds = evaluateMeterAlarms(value).map((f) => f.kind);
        expect(kinds.includes('low_balance') && kinds.includes('balance_exhausted')).toBe(false);
        expect(kinds.includes('balance_exhausted')).toBe(value.balanceFen <= 0);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same input, in any order of intervals, gives the same findings', () => {
    fc.assert(
      fc.property(inputArbitrary, (value) => {
        const first = evaluateMeterAlarms(value);
        expect(evaluateMeterAlarms(value)).toEqual(first);
        expect(evaluateMeterAlarms({ ...value, recentUsage: [...value.recentUsage].reverse() })).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  it('gives at most one finding per kind, in order, with integer numbers in the details', () => {
    fc.assert(
      fc.property(inputArbitrary, (value) => {
        const findings = evaluateMeterAlarms(value);
        const order = findings.map((f) => ALARM_KINDS.indexOf(f.kind));
        expect(order).toEqual([...new Set(order)].sort((a, b) => a - b));
        for (const f of findings) {
          expect(f.message.length).toBeGreaterThan(0);
          for (const detail of Object.values(f.details)) {
            if (typeof detail === 'number') expect(Number.isSafeInteger(detail)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
