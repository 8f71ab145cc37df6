import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advancesBaseline, isBillable } from '../readings';
import { cycleKey, type TariffVersion } from '../tariff';
import { billReading, type BillingState, type IncomingReading } from './bill-reading';
import { billLateReading, type AcceptedReading } from './late-reading';
import { shuffledDelivery, sortedStreamBill, STREAM_LIMITS as limits, STREAM_TIMELINES as TIMELINES } from './late-reading.fixtures';
import { versionAt } from './timeline';

const at = (iso: string) => new Date(iso);
const HOUR = 3_600_000;
const EMPTY: BillingState = { lastReading: null, remainderMicroFen: 0, cycle: null };
const FAR_PAST = at('2001-01-01T00:00:00+08:00');

/**
 * A meter as the service keeps it, in memory: the first reading at an
 * instant wins (the store's guard), a reading older than the last one is
 * placed with its neighbours and the tier counters of its cycles.
 */
function deliver(readings: readonly IncomingReading[], timeline: TariffVersion[]) {
  const accepted = new Map<number, AcceptedReading>();
  const seen = new Set<number>();
  const cycles = new Map<string, number>();
  const keyOf = (when: Date) => cycleKey(versionAt(timeline, when)!.tariff, when);
  let state = EMPTY;
  let fen = 0;
  for (const reading of readings) {
    const ms = reading.at.getTime();
    if (seen.has(ms)) continue;
    seen.add(ms);
    const sorted = [...accepted.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
    const late = state.lastReading !== null && ms < state.lastReading.at.getTime();
    const history = {
      before: sorted.filter((r) => r.at.getTime() < ms).at(-1) ?? null,
      after: sorted.filter((r) => r.at.getTime() > ms),
      cycleUsed: (key: string) => cycles.get(key) ?? 0,
      windowStart: FAR_PAST,
    };
    const decision = late ? billLateReading(state, reading, history, { limits, timeline }) : { ...billReading(state, reading, { limits, timeline }), revisions: [] };
    if (!advancesBaseline(decision.assessment)) continue;
    const quantity = decision.charge?.quantity ?? 0;
    accepted.set(ms, { value: reading.value, at: reading.at, quantity, costMicroFen: decision.charge?.readingMicroFen ?? 0n });
    if (isBillable(decision.assessment)) cycles.set(keyOf(reading.at), (cycles.get(keyOf(reading.at)) ?? 0) + quantity);
    for (const revision of decision.revisions) {
      const later = accepted.get(revision.at.getTime())!;
      accepted.set(revision.at.getTime(), { ...later, quantity: revision.quantity, costMicroFen: revision.costMicroFen });
      cycles.set(keyOf(revision.at), (cycles.get(keyOf(revision.at)) ?? 0) + revision.quantityDelta);
    }
    fen += decision.charge?.chargeFen ?? 0;
    state = decision.next;
  }
  return { fen, accepted, state };
}

describe('billLateReading', () => {
  for (const [name, timeline] of Object.entries(TIMELINES)) {
    it(`bills exactly the sorted stream, whatever the order and the copies (${name})`, () => {
      fc.assert(
        fc.property(shuffledDelivery(30), ([readings, shuffled]) => {
          const { fen, accepted, state } = deliver(shuffled, timeline);
          expect(Math.abs(fen - sortedStreamBill(readings, timeline).fen)).toBeLessThanOrEqual(1);
          // Every reading found its place, and the wallet's last reading is the latest.
          expect(accepted.size).toBe(new Set(readings.map((r) => r.at.getTime())).size);
          expect(state.lastReading?.at.getTime()).toBe(Math.max(...readings.map((r) => r.at.getTime())));
          // Each reading's stored quantity is its interval's in the sorted stream.
          const sorted = [...accepted.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
          sorted.forEach((reading, i) => expect(reading.quantity).toBe(i === 0 ? 0 : reading.value - sorted[i - 1]!.value));
        }),
        { numRuns: 300 },
      );
    });
  }

  const t = (hour: number) => new Date(at('2026-11-28T00:00:00+08:00').getTime() + hour * HOUR);
  const accepted = (value: number, hour: number, quantity: number, costMicroFen: bigint): AcceptedReading => ({ value, at: t(hour), quantity, costMicroFen });
  const ctx = { limits, timeline: TIMELINES.flat! };

  it('extends the history backwards: the older reading becomes the baseline and the interval to the old one is billed', () => {
    const state: BillingState = { lastReading: { value: 1_002_000, at: t(12) }, remainderMicroFen: 0, cycle: { key: '2026-11', usedBaseUnits: 2_000 } };
    const decision = billLateReading(state, { value: 999_000, at: t(8) }, { before: null, after: [accepted(1_000_000, 10, 0, 0n), accepted(1_002_000, 12, 2_000, 120_000_000n)], cycleUsed: () => 0, windowStart: FAR_PAST }, ctx);
    expect(decision.assessment).toEqual({ kind: 'baseline' });
    expect(decision.charge).toMatchObject({ chargeFen: 60, quantity: 0, readingMicroFen: 0n });
    expect(decision.revisions).toEqual([{ at: t(10), quantity: 1_000, costMicroFen: 60_000_000n, quantityDelta: 1_000, costDeltaMicroFen: 60_000_000n }]);
    expect(decision.next.cycle).toEqual({ key: '2026-11', usedBaseUnits: 3_000 });
  });

  it('makes the old baseline billed when an older reading of the same value is placed before it (an empty interval)', () => {
    // Seen once in the burst test: a meter that used nothing in an hour, its later reading first: two baselines remained.
    const state: BillingState = { lastReading: { value: 1_000_000, at: t(10) }, remainderMicroFen: 0, cycle: { key: '2026-11', usedBaseUnits: 0 } };
    const decision = billLateReading(state, { value: 1_000_000, at: t(9) }, { before: null, after: [accepted(1_000_000, 10, 0, 0n)], cycleUsed: () => 0, windowStart: FAR_PAST }, ctx);
    expect(decision.assessment).toEqual({ kind: 'baseline' });
    expect(decision.charge).toMatchObject({ chargeFen: 0, quantity: 0 });
    expect(decision.revisions).toEqual([{ at: t(10), quantity: 0, costMicroFen: 0n, quantityDelta: 0, costDeltaMicroFen: 0n }]);
  });

  it('splits an interval without changing a flat total; a time-of-use split moves money between periods by a reallocation line', () => {
    const state: BillingState = { lastReading: { value: 1_010_000, at: t(12) }, remainderMicroFen: 0, cycle: { key: '2026-11', usedBaseUnits: 10_000 } };
    const around = { before: accepted(1_000_000, 4, 0, 0n), after: [accepted(1_010_000, 12, 10_000, 600_000_000n)], cycleUsed: () => 0, windowStart: FAR_PAST };
    const split = billLateReading(state, { value: 1_001_000, at: t(8) }, around, ctx);
    expect(split.assessment).toEqual({ kind: 'consumption', quantity: 1_000 });
    expect(split.charge).toMatchObject({ chargeFen: 0, quantity: 1_000, readingMicroFen: 60_000_000n, totalMicroFen: 0n });
    expect(split.revisions).toEqual([{ at: t(12), quantity: 9_000, costMicroFen: 540_000_000n, quantityDelta: -1_000, costDeltaMicroFen: -60_000_000n }]);

    // Time of use: 04:00→12:00 billed by the clock as 4 h valley and 4 h peak (5 kWh each: 1.50 + 5.00 yuan).
    const touCtx = { limits, timeline: TIMELINES['time of use']! };
    const touAround = { ...around, after: [accepted(1_010_000, 12, 10_000, 650_000_000n)] };
    // The meter says only 1 kWh by 08:00 (valley), so 9 kWh in the peak hours: 0.30 + 9.00 yuan, 280 fen more.
    const touSplit = billLateReading(state, { value: 1_001_000, at: t(8) }, touAround, touCtx);
    expect(touSplit.charge).toMatchObject({ chargeFen: 280, readingMicroFen: 30_000_000n, totalMicroFen: 280_000_000n });
    expect(touSplit.charge?.items.at(-1)).toMatchObject({ label: 'reallocation', costMicroFen: 250_000_000n });
  });

  it('quarantines what does not fit: a value outside its neighbours, a time before the window', () => {
    const state: BillingState = { lastReading: { value: 1_010_000, at: t(12) }, remainderMicroFen: 0, cycle: null };
    const around = { before: accepted(1_000_000, 4, 0, 0n), after: [accepted(1_010_000, 12, 10_000, 600_000_000n)], cycleUsed: () => 0, windowStart: FAR_PAST };
    expect(billLateReading(state, { value: 1_020_000, at: t(8) }, around, ctx)).toMatchObject({ assessment: { kind: 'anomaly' }, charge: null, next: state, revisions: [] });
    expect(billLateReading(state, { value: 990_000, at: t(8) }, around, ctx).assessment).toEqual({ kind: 'anomaly', reason: 'negative' });
    expect(billLateReading(state, { value: 1_001_000, at: t(8) }, { ...around, windowStart: t(9) }, ctx).assessment).toEqual({ kind: 'anomaly', reason: 'outside_history_window' });
  });
});
