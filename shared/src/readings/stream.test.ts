import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import type { MeterLimits, ReadingPoint } from './assess';
import { billStream, replacementBaseline } from './stream';

const HOUR_MS = 3_600_000;
const T0 = Date.parse('2026-03-01T00:00:00+08:00');
/** A small register (0..999, wrapping to 0 after 999) so streams cross the wrap often. */
const small: MeterLimits = { rolloverAtBaseUnits: 999, maxPlausiblePerHour: 600, resolutionBaseUnits: 1 };
const MODULUS = 1000;

/**
 * A physically possible history: strictly increasing times, consumption per
 * interval within the meter's rate, total below one register turn (so no pair
 * of readings is ambiguous), shown modulo the register's size.
 */
const history = fc
  .record({
    start: fc.nat({ max: 999 }),
    steps: fc.array(fc.record({ minutes: fc.integer({ min: 1, max: 120 }), permille: fc.nat({ max: 1000 }) }), { minLength: 1, maxLength: 25 }),
  })
  .map(({ start, steps }) => {
    let timeMs = T0;
    let cumulative = start;
    const readings: ReadingPoint[] = [{ value: start, at: new Date(timeMs) }];
    for (const { minutes, permille } of steps) {
      const most = (small.maxPlausiblePerHour * minutes) / 60; // an integer: 600 per hour is 10 per minute
      const used = Math.floor((most * permille) / 1000);
      if (cumulative + used - start >= MODULUS) break;
      timeMs += minutes * 60_000;
      cumulative += used;
      readings.push({ value: cumulative % MODULUS, at: new Date(timeMs) });
    }
    return { readings, consumed: cumulative - start };
  });

/** The readings after the first, shuffled and with some delivered again. */
const deliveries = (readings: readonly ReadingPoint[]) =>
  fc
    .tuple(
      fc.shuffledSubarray([...readings.keys()].slice(1), { minLength: readings.length - 1 }),
      fc.array(fc.nat({ max: readings.length - 1 }), { maxLength: 10 }),
    )
    .chain(([order, repeats]) => fc.shuffledSubarray([...order, ...repeats], { minLength: order.length + repeats.length }))
    .map((indices) => indices.map((index) => readings[index] as ReadingPoint));

describe('billStream', () => {
  it('bills consumption and rollovers, once each', () => {
    const at = (hours: number) => new Date(T0 + hours * HOUR_MS);
    const bill = billStream(
      [
        { value: 900, at: at(0) },
        { value: 990, at: at(1) },
        { value: 990, at: at(1) },
        { value: 50, at: at(2) },
        { value: 10, at: at(1.5) },
        { value: 40, at: at(3) },
        { value: 80, at: at(4) },
      ],
      small,
    );
    const kinds = bill.outcomes.map((outcome) => outcome.kind);
    expect(kinds).toEqual(['baseline', 'consumption', 'duplicate', 'rollover', 'stale', 'anomaly', 'consumption']);
    expect(bill.billedQuantity).toBe(90 + 60 + 30);
    expect(bill.last).toEqual({ value: 80, at: at(4) });
  });

  it('bills the same in any delivery order, with any duplicates, once the baseline is in', () => {
    fc.assert(
      fc.property(
        history.chain(({ readings, consumed }) => deliveries(readings).map((later) => ({ readings, consumed, later }))),
        ({ readings, consumed, later }) => {
          const sorted = billStream(readings, small);
          const shuffled = billStream([readings[0] as ReadingPoint, ...later], small);
          expect(sorted.billedQuantity).toBe(consumed);
          expect(shuffled.billedQuantity).toBe(consumed);
          expect(shuffled.last).toEqual(readings.at(-1));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('in any order at all, bills exactly what lies between the first delivered reading and the latest one', () => {
    fc.assert(
      fc.property(
        history.chain(({ readings }) => fc.shuffledSubarray(readings, { minLength: readings.length }).map((order) => ({ readings, order }))),
        ({ readings, order }) => {
          const first = order[0] as ReadingPoint;
          const latest = readings.at(-1) as ReadingPoint;
          const between = (latest.value - first.value + MODULUS) % MODULUS;
          expect(billStream(order, small).billedQuantity).toBe(between);
          expect(billStream(order, small).billedQuantity).toBeLessThanOrEqual(billStream(readings, small).billedQuantity);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('replacementBaseline', () => {
  const meter: MeterLimits = { rolloverAtBaseUnits: 999_999_990, maxPlausiblePerHour: 13_200 };
  const at = (hours: number) => new Date(T0 + hours * HOUR_MS);

  it('bills the old meter up to its final reading and starts the new one from a baseline', () => {
    const previous = { value: 1_000, at: at(0) };
    const oldFinal = { value: 1_500, at: at(1) };
    const { final, baseline } = replacementBaseline({ previous, oldFinal, newFirst: { value: 20, at: at(2) }, oldMeter: meter });
    expect(final).toEqual({ kind: 'consumption', quantity: 500 });
    expect(baseline).toEqual({ value: 20, at: at(2) });
    // The new meter's next reading bills against its own first reading.
    expect(billStream([{ value: 50, at: at(3) }], meter, baseline).billedQuantity).toBe(30);
  });

  it('refuses a new meter that starts before the old one stopped', () => {
    const replacement = {
      previous: { value: 1_000, at: at(0) },
      oldFinal: { value: 1_500, at: at(2) },
      newFirst: { value: 0, at: at(1) },
      oldMeter: meter,
    };
    expect(() => replacementBaseline(replacement)).toThrow(AppError);
    expect(() => replacementBaseline(replacement)).toThrow(expect.objectContaining({ code: 'reading.invalid_replacement' }));
    expect(() => replacementBaseline({ ...replacement, newFirst: { value: -1, at: at(3) } })).toThrow(
      expect.objectContaining({ code: 'reading.invalid_replacement', details: { field: 'newFirst.value' } }),
    );
  });
});
