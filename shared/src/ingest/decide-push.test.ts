import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTariff } from '../tariff';
import { decidePush, type PushFacts } from './decide-push';

const at = (iso: string) => new Date(iso);
const flat = parseTariff({ name: 'flat', utility: 'electricity', kind: 'flat', price: '1.00' });
const NOW = at('2026-11-21T12:00:00+08:00');

function facts(overrides: { meter?: Partial<PushFacts['meter']>; wallet?: Partial<PushFacts['wallet']>; openAlarms?: string[]; now?: Date } = {}): PushFacts {
  return {
    meter: {
      id: 'E-1',
      utility: 'electricity',
      lowBalanceFen: 2000,
      keepOn: false,
      supply: 'on',
      hold: false,
      pending: null,
      online: true,
      lastReportAt: at('2026-11-21T11:00:00+08:00'),
      limits: { rolloverAtBaseUnits: 999_999_990, maxPlausiblePerHour: 13_200 },
      ...overrides.meter,
    },
    wallet: {
      balanceFen: 10_000,
      lastReading: { value: 1_000_000, at: at('2026-11-21T11:00:00+08:00') },
      remainderMicroFen: 0,
      cycle: null,
      pace: null,
      ...overrides.wallet,
    },
    openAlarms: overrides.openAlarms ?? [],
    timeline: [{ effectiveFrom: at('2000-01-01T00:00:00+08:00'), tariff: flat }],
    now: overrides.now ?? NOW,
  };
}

describe('decidePush', () => {
  it('bills a reading, lowers the balance, adds the usage at the reading’s time, and asks for nothing else', () => {
    const decision = decidePush(facts(), { reading: { value: 1_002_000, at: at('2026-11-21T12:00:00+08:00') } });
    expect(decision).toMatchObject({ chargeFen: 200, balanceAfterFen: 9_800, supply: null, heard: true, events: [] });
    expect(decision.usage).toEqual([{ quantity: 2_000, costMicroFen: 200_000_000n, at: at('2026-11-21T12:00:00+08:00') }]);
    expect(decision.alarms).toEqual({ raise: [], clear: [] });
    expect(decision.verdict).toMatchObject({ kind: 'assessed', billing: { assessment: { kind: 'consumption', quantity: 2_000 } } });
  });

  it('cuts at 0 or below, raises balance_exhausted and clears low_balance, in the same decision', () => {
    const decision = decidePush(facts({ wallet: { balanceFen: 150 }, openAlarms: ['low_balance'] }), { reading: { value: 1_002_000, at: NOW } });
    expect(decision.balanceAfterFen).toBe(-50);
    expect(decision.supply).toBe('cut');
    expect(decision.alarms.raise.map((finding) => finding.kind)).toEqual(['balance_exhausted']);
    expect(decision.alarms.clear).toEqual(['low_balance']);
  });

  it('places a reading older than the last one into the history it is given: its usage at its hour, the later reading’s moved from its own', () => {
    const history = {
      before: { value: 998_000, at: at('2026-11-21T09:00:00+08:00'), quantity: 0, costMicroFen: 0n },
      after: [{ value: 1_000_000, at: at('2026-11-21T11:00:00+08:00'), quantity: 2_000, costMicroFen: 200_000_000n }],
      cycleUsed: () => 0,
      windowStart: at('2026-10-01T00:00:00+08:00'),
    };
    const late = { value: 999_500, at: at('2026-11-21T10:00:00+08:00') };
    const decision = decidePush({ ...facts(), history }, { reading: late });
    expect(decision).toMatchObject({ chargeFen: 0, balanceAfterFen: 10_000, verdict: { kind: 'assessed', billing: { assessment: { kind: 'consumption', quantity: 1_500 } } } });
    expect(decision.usage).toEqual([
      { quantity: 1_500, costMicroFen: 150_000_000n, at: late.at },
      { quantity: -1_500, costMicroFen: -150_000_000n, at: at('2026-11-21T11:00:00+08:00') },
    ]);
    // Without its history, the same reading is stale: nothing moves.
    expect(decidePush(facts(), { reading: late })).toMatchObject({ chargeFen: 0, usage: [], verdict: { billing: { assessment: { kind: 'stale' } } } });
  });

  it('quarantines a reading whose time is out of bounds: nothing billed, an event alarm, the wallet untouched', () => {
    const decision = decidePush(facts(), { reading: { value: 1_500_000, at: at('2027-01-01T00:00:00+08:00') } });
    expect(decision).toMatchObject({ verdict: { kind: 'quarantined_time' }, chargeFen: 0, balanceAfterFen: 10_000, usage: [] });
    expect(decision.events.map((event) => [event.kind, event.details.reason])).toEqual([['rejected_frame', 'time_out_of_range']]);
  });

  it('writes presence only when the meter was offline or its last write is ten minutes old', () => {
    const reading = { value: 1_000_100, at: NOW };
    expect(decidePush(facts({ meter: { lastReportAt: at('2026-11-21T11:55:00+08:00') } }), { reading }).heard).toBe(false);
    expect(decidePush(facts({ meter: { lastReportAt: at('2026-11-21T11:55:00+08:00'), online: false } }), { reading }).heard).toBe(true);
    expect(decidePush(facts({ meter: { lastReportAt: at('2026-11-21T11:50:00+08:00') } }), { reading }).heard).toBe(true);
  });

  it('takes a reported valve state as the supply, and asks for the command the balance needs', () => {
    const decision = decidePush(facts({ meter: { utility: 'water' } }), { reading: null, status: { valve: 'closed' } });
    expect(decision).toMatchObject({ reportedSupply: 'off', supply: 'restore' });
  });

  it('forecasts days left from the pace it keeps, and warns before the threshold is reached', () => {
    // A day at 100 kWh a day (100 yuan): 10,000 fen left lasts under the 3 days the rule wants.
    let state = facts({ wallet: { balanceFen: 40_000, lastReading: { value: 0, at: at('2026-11-20T12:00:00+08:00') } }, meter: { lowBalanceFen: 0, limits: { rolloverAtBaseUnits: 999_999_990, maxPlausiblePerHour: 13_200 } } });
    const day = decidePush(state, { reading: { value: 100_000, at: NOW } });
    expect(day.balanceAfterFen).toBe(30_000);
    expect(day.pace).toEqual({ coveredMs: 86_400_000, costMicroFen: '10000000000' });
    expect(day.alarms.raise).toEqual([]);
    state = { ...state, wallet: { ...state.wallet, balanceFen: day.balanceAfterFen, pace: day.pace, lastReading: { value: 100_000, at: NOW } }, now: at('2026-11-21T13:00:00+08:00') };
    const next = decidePush(state, { reading: { value: 110_000, at: at('2026-11-21T13:00:00+08:00') } });
    expect(next.balanceAfterFen).toBe(29_000);
    expect(next.alarms.raise.map((finding) => [finding.kind, finding.details.daysRemaining])).toEqual([['low_balance', 2]]);
  });

  it('never asks for a command that is already on its way, whatever the balance, hold or keep-on', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5_000, max: 5_000 }), fc.boolean(), fc.boolean(), fc.constantFrom<'cut' | 'restore' | null>('cut', 'restore', null), (balanceFen, keepOn, hold, pending) => {
        const decision = decidePush(facts({ wallet: { balanceFen }, meter: { keepOn, hold, pending } }), { reading: null });
        expect(decision.supply === null || decision.supply !== pending).toBe(true);
      }),
    );
  });
});
