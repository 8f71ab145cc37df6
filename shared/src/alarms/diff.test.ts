import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffAlarms } from './diff';
import { ALARM_KINDS, isEventAlarmKind, type AlarmFinding, type AlarmKind } from './kinds';

const finding = (kind: AlarmKind, message: string = kind): AlarmFinding => ({ kind, severity: 'warning', message, details: {} });

describe('diffAlarms', () => {
  it('raises what is new, keeps what is open, clears conditions that went away', () => {
    const exhausted = finding('balance_exhausted');
    expect(diffAlarms(['low_balance', 'supply_cut'], [exhausted, finding('supply_cut')])).toEqual({
      raise: [exhausted],
      clear: ['low_balance'],
    });
  });

  it('never clears an event kind, found or not', () => {
    expect(diffAlarms(['usage_surge', 'night_flow', 'rejected_frame', 'command_expired', 'low_battery'], [])).toEqual({
      raise: [],
      clear: ['low_battery'],
    });
  });

  it('does not raise an open event kind again, and raises one finding per kind', () => {
    const first = finding('rejected_frame', 'first');
    expect(diffAlarms(['usage_surge'], [finding('usage_surge'), first, finding('rejected_frame', 'second')])).toEqual({
      raise: [first],
      clear: [],
    });
  });

  it('clears each open kind once', () => {
    expect(diffAlarms(['low_balance', 'low_balance'], []).clear).toEqual(['low_balance']);
  });

  it('never raises an open kind, never clears an event kind, and accounts for every kind', () => {
    const kind = fc.constantFrom(...ALARM_KINDS);
    fc.assert(
      fc.property(fc.array(kind, { maxLength: 14 }), fc.array(kind.map((k) => finding(k)), { maxLength: 14 }), (open, findings) => {
        const { raise, clear } = diffAlarms(open, findings);
        const raised = raise.map((f) => f.kind);
        const found = new Set(findings.map((f) => f.kind));
        expect(raised.filter((k) => open.includes(k))).toEqual([]);
        expect(clear.filter((k) => isEventAlarmKind(k))).toEqual([]);
        expect(clear.every((k) => open.includes(k) && !found.has(k))).toBe(true);
        expect(new Set(raised).size).toBe(raised.length);
        expect(new Set(clear).size).toBe(clear.length);
        // After applying the diff, the open set is: what was open and not cleared, plus what was raised.
        const cleared = new Set<AlarmKind>(clear);
        const after = new Set([...open.filter((k) => !cleared.has(k)), ...raised]);
        for (const k of found) expect(after.has(k)).toBe(true);
        for (const k of after) expect(found.has(k) || isEventAlarmKind(k)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
