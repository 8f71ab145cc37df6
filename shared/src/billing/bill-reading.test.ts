import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTariff } from '../tariff';
import { billReading, type BillingState } from './bill-reading';
import { tariffTimeline } from './timeline';

const ALWAYS = new Date('2000-01-01T00:00:00+08:00');
const limits = { rolloverAtBaseUnits: 999_999_990, maxPlausiblePerHour: 20_000 };
const flat = parseTariff({ name: 'flat', utility: 'electricity', kind: 'flat', price: '0.4883' });
const zhejiang = parseTariff({
  name: 'zj',
  utility: 'electricity',
  kind: 'tiered',
  cycle: 'year',
  tiers: [
    { upTo: 2760, price: '0.538' },
    { upTo: 4800, price: '0.588' },
    { upTo: null, price: '0.838' },
  ],
});
const EMPTY: BillingState = { lastReading: null, remainderMicroFen: 0, cycle: null };
const at = (iso: string) => new Date(iso);

describe('billReading', () => {
  const context = { limits, timeline: [{ effectiveFrom: ALWAYS, tariff: flat }] };

  it('takes the first reading as the baseline and bills nothing', () => {
    const decision = billReading(EMPTY, { value: 1_234_560, at: at('2026-11-01T00:00:00+08:00') }, context);
    expect(decision.assessment.kind).toBe('baseline');
    expect(decision.charge).toBeNull();
    expect(decision.next.lastReading?.value).toBe(1_234_560);
  });

  it('bills value − previous at the tariff and carries the fraction of a fen', () => {
    const state: BillingState = { ...EMPTY, lastReading: { value: 1_000_000, at: at('2026-11-01T00:00:00+08:00') } };
    const decision = billReading(state, { value: 1_001_000, at: at('2026-11-01T01:00:00+08:00') }, context);
    // 1 kWh × 0.4883 = 48.83 fen: 48 now, 0.83 fen carried.
    expect(decision.charge).toMatchObject({ chargeFen: 48, quantity: 1000 });
    expect(decision.next.remainderMicroFen).toBe(830_000);
  });

  it('bills an older or equal reading nothing and keeps the state', () => {
    const state: BillingState = { ...EMPTY, lastReading: { value: 1_000, at: at('2026-11-01T10:00:00+08:00') } };
    for (const reading of [
      { value: 900, at: at('2026-11-01T09:00:00+08:00') },
      { value: 1_000, at: at('2026-11-01T10:00:00+08:00') },
    ]) {
      const decision = billReading(state, reading, context);
      expect(decision.charge).toBeNull();
      expect(decision.next).toBe(state);
    }
  });

  it('quarantines an implausible jump without moving the baseline', () => {
    const state: BillingState = { ...EMPTY, lastReading: { value: 1_000, at: at('2026-11-01T10:00:00+08:00') } };
    const decision = billReading(state, { value: 900_000_000, at: at('2026-11-01T11:00:00+08:00') }, context);
    expect(decision.assessment).toEqual({ kind: 'anomaly', reason: 'implausible_jump' });
    expect(decision.next).toBe(state);
  });

  it('counts tiers in the cycle of the reporting reading and restarts them in a new year', () => {
    const timeline = [{ effectiveFrom: ALWAYS, tariff: zhejiang }];
    const state: BillingState = {
      lastReading: { value: 10_000_000, at: at('2026-12-31T20:00:00+08:00') },
      remainderMicroFen: 0,
      cycle: { key: '2026', usedBaseUnits: 4_900_000 },
    };
    const sameYear = billReading(state, { value: 10_001_000, at: at('2026-12-31T21:00:00+08:00') }, { limits, timeline });
    expect(sameYear.charge?.chargeFen).toBe(83); // 1 kWh in tier 3 at 0.838
    const newYear = billReading(state, { value: 10_001_000, at: at('2027-01-01T00:30:00+08:00') }, { limits, timeline });
    expect(newYear.charge?.chargeFen).toBe(53); // attributed to 2027: tier 1 at 0.538
    expect(newYear.next.cycle).toEqual({ key: '2027', usedBaseUnits: 1000 });
  });

  it('quarantines, never bills and never throws for, a reading no tariff covers', () => {
    const late = [{ effectiveFrom: at('2030-01-01T00:00:00+08:00'), tariff: flat }];
    const state: BillingState = { ...EMPTY, lastReading: { value: 0, at: at('2026-11-01T00:00:00+08:00') } };
    const decision = billReading(state, { value: 10, at: at('2026-11-01T01:00:00+08:00') }, { limits, timeline: late });
    expect(decision).toEqual({ assessment: { kind: 'anomaly', reason: 'no_tariff' }, charge: null, next: state });
  });

  it('quarantines a reading dated before the tenancy starts, and bills the first one after it', () => {
    const state: BillingState = { ...EMPTY, lastReading: { value: 0, at: at('2026-11-01T00:00:00+08:00') } };
    const tenancy = { ...context, tenancyStart: at('2026-11-08T00:00:00+08:00') };
    const early = billReading(state, { value: 1_000, at: at('2026-11-02T00:00:00+08:00') }, tenancy);
    expect(early).toEqual({ assessment: { kind: 'anomaly', reason: 'before_tenancy' }, charge: null, next: state });
    const after = billReading(state, { value: 1_000, at: at('2026-11-09T00:00:00+08:00') }, tenancy);
    expect(after.assessment).toEqual({ kind: 'consumption', quantity: 1_000 });
  });

  it('charges a sorted reading stream, however fine, the exact cost rounded down', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 60 }), (steps) => {
        let state: BillingState = billReading(EMPTY, { value: 0, at: at('2026-01-01T00:00:00+08:00') }, context).next;
        let value = 0;
        let chargedFen = 0;
        steps.forEach((step, index) => {
          value += step;
          const decision = billReading(state, { value, at: new Date(Date.parse('2026-01-01T00:00:00+08:00') + (index + 1) * 3_600_000) }, context);
          chargedFen += decision.charge?.chargeFen ?? 0;
          state = decision.next;
        });
        // value Wh × 4883 × 10 micro-fen, floored to fen.
        expect(chargedFen).toBe(Math.floor((value * 4883 * 10) / 1_000_000));
      }),
    );
  });
});

describe('tariffTimeline', () => {
  const cheap = parseTariff({ name: 'a', utility: 'electricity', kind: 'flat', price: '0.50' });
  const dear = parseTariff({ name: 'b', utility: 'electricity', kind: 'flat', price: '0.80' });

  it('switches between two schedules at the set instant and keeps each tariff’s own price changes', () => {
    const switchAt = at('2026-07-01T00:00:00+08:00');
    const raise = at('2026-03-01T00:00:00+08:00');
    const timeline = tariffTimeline(
      [
        { tariffId: 'A', effectiveFrom: ALWAYS },
        { tariffId: 'B', effectiveFrom: switchAt },
      ],
      new Map([
        ['A', [{ effectiveFrom: ALWAYS, tariff: cheap }, { effectiveFrom: raise, tariff: dear }]],
        ['B', [{ effectiveFrom: ALWAYS, tariff: flat }]],
      ]),
    );
    expect(timeline.map((version) => [version.effectiveFrom.toISOString(), version.tariff.name])).toEqual([
      [ALWAYS.toISOString(), 'a'],
      [raise.toISOString(), 'b'],
      [switchAt.toISOString(), 'flat'],
    ]);
  });
});

describe('billReading with cumulative time-of-use registers', () => {
  const tou = parseTariff({
    name: 'tou',
    utility: 'electricity',
    kind: 'tou',
    periods: { peak: '1.00', valley: '0.50' },
    schedule: [
      { from: '08:00', to: '22:00', period: 'peak' },
      { from: '22:00', to: '08:00', period: 'valley' },
    ],
  });
  const context = { limits, timeline: [{ effectiveFrom: ALWAYS, tariff: tou }] };

  it('bills the registers’ increase per period instead of splitting by the clock', () => {
    const start = billReading(EMPTY, { value: 10_000, at: at('2026-11-01T12:00:00+08:00'), registers: { peak: 6_000, valley: 4_000 } }, context);
    // One hour of "peak" time, but the meter says 1 kWh went on valley registers: trust the meter.
    const decision = billReading(start.next, { value: 11_000, at: at('2026-11-01T13:00:00+08:00'), registers: { peak: 6_000, valley: 5_000 } }, context);
    expect(decision.charge?.items.map((item) => [item.period, item.quantity])).toEqual([['valley', 1_000]]);
    expect(decision.charge?.chargeFen).toBe(50);
    expect(decision.next.lastRegisters).toEqual({ peak: 6_000, valley: 5_000 });
  });

  it('quarantines an interval longer than the schedule can split (400 days), instead of throwing', () => {
    const state: BillingState = { ...EMPTY, lastReading: { value: 10_000, at: at('2025-01-01T00:00:00+08:00') } };
    const decision = billReading(state, { value: 11_000, at: at('2026-03-01T00:00:00+08:00') }, context);
    expect(decision).toEqual({ assessment: { kind: 'anomaly', reason: 'interval_too_long' }, charge: null, next: state });
    // A flat tariff has no such limit.
    const flatContext = { limits, timeline: [{ effectiveFrom: ALWAYS, tariff: flat }] };
    expect(billReading(state, { value: 11_000, at: at('2026-03-01T00:00:00+08:00') }, flatContext).assessment.kind).toBe('consumption');
  });

  it('falls back to the clock when a register went backwards', () => {
    const state: BillingState = { ...EMPTY, lastReading: { value: 10_000, at: at('2026-11-01T12:00:00+08:00') }, lastRegisters: { peak: 6_000, valley: 4_000 } };
    const decision = billReading(state, { value: 11_000, at: at('2026-11-01T13:00:00+08:00'), registers: { peak: 5_000, valley: 6_000 } }, context);
    expect(decision.charge?.items.map((item) => [item.period, item.quantity])).toEqual([['peak', 1_000]]);
  });
});
