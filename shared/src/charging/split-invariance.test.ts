import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTariff, priceConsumption, type PricingInput, type Tariff, type TouPeriod } from '../tariff';
import { applyCharge } from './apply-charge';

/**
 * The CONTRACT.md promise, per tariff kind: billing a consumption in N
 * readings (any split of its quantity and its time, within one cycle) charges
 * the same whole fen, within 1, as billing it in one reading.
 */

const MINUTE_MS = 60_000;
const MONTH_START = Date.parse('2026-07-01T00:00:00+08:00');
const MONTH_MINUTES = 31 * 1440;

const flat = parseTariff({
  name: 'flat',
  utility: 'electricity',
  kind: 'flat',
  price: '0.6137',
  components: [{ name: '基金', price: '0.0191' }],
});
const tiered = parseTariff({
  name: 'tiered',
  utility: 'water',
  kind: 'tiered',
  cycle: 'month',
  tiers: [{ upTo: 15, price: '2.9' }, { upTo: 25.5, price: '4.35' }, { upTo: null, price: '8.7003' }],
  components: [{ name: '污水处理费', price: '0.95' }],
});
const tou = parseTariff({
  name: 'tou',
  utility: 'electricity',
  kind: 'tou',
  periods: { sharp: '1.2071', peak: '0.9533', flat: '0.6011', valley: '0.3007', deepValley: '0.2' },
  schedule: [
    { from: '08:00', to: '11:00', period: 'peak' },
    { from: '11:00', to: '13:00', period: 'flat' },
    { from: '13:00', to: '22:00', period: 'peak' },
    { from: '22:00', to: '02:00', period: 'valley' },
    { from: '02:00', to: '08:00', period: 'deepValley' },
  ],
  seasons: [
    {
      name: 'midsummer',
      fromMonthDay: '07-10',
      toMonthDay: '07-20',
      schedule: [
        { from: '00:00', to: '11:00', period: 'valley' },
        { from: '11:00', to: '13:00', period: 'sharp' },
        { from: '13:00', to: '24:00', period: 'peak' },
      ],
    },
  ],
});

/** Sorted distinct cut points strictly inside (0, total). */
const cutsOf = (total: number) =>
  fc
    .uniqueArray(fc.integer({ min: 1, max: Math.max(1, total - 1) }), { maxLength: 6 })
    .map((cuts) => cuts.filter((cut) => cut < total).sort((a, b) => a - b));

/** Whole fen charged for a list of exact costs, fraction carried from 0. */
function chargeAll(costs: readonly bigint[]): number {
  let remainder = 0;
  let fen = 0;
  for (const cost of costs) {
    const result = applyCharge(remainder, cost);
    fen += result.chargeFen;
    remainder = result.remainderMicroFen;
  }
  return fen;
}

/** Prices pieces in order, tier counting running on, and charges them one by one. */
function chargePieces(tariff: Tariff, pieces: readonly Omit<PricingInput, 'cycleUsedBefore'>[]): number {
  let used = 0;
  const costs = pieces.map((piece) => {
    const cost = priceConsumption(tariff, { ...piece, cycleUsedBefore: used }).totalMicroFen;
    used += piece.quantity;
    return cost;
  });
  return chargeAll(costs);
}

const at = (minute: number) => new Date(MONTH_START + minute * MINUTE_MS);
const boundaries = (cuts: readonly number[], total: number) => [0, ...cuts, total];

describe('charging in pieces costs what charging at once does (±1 fen)', () => {
  /** A quantity and a duration in minutes, each cut at the same number of points. */
  const splits = fc
    .tuple(fc.integer({ min: 1, max: 50_000_000 }), fc.integer({ min: 2, max: MONTH_MINUTES }))
    .chain(([quantity, minutes]) => fc.tuple(fc.constant(quantity), fc.constant(minutes), cutsOf(quantity), cutsOf(minutes)))
    .map(([quantity, minutes, quantityCuts, timeCuts]) => {
      const count = Math.min(quantityCuts.length, timeCuts.length);
      return { quantity, minutes, q: boundaries(quantityCuts.slice(0, count), quantity), t: boundaries(timeCuts.slice(0, count), minutes) };
    });

  for (const [kind, tariff] of [['flat', flat], ['tiered', tiered]] as const) {
    it(`${kind}: any split of quantity and time`, () => {
      fc.assert(
        fc.property(splits, ({ quantity, minutes, q, t }) => {
          const pieces = q.slice(1).map((end, index) => ({
            quantity: end - (q[index] ?? 0),
            from: at(t[index] ?? 0),
            to: at(t[index + 1] ?? 0),
          }));
          const once = chargePieces(tariff, [{ quantity, from: at(0), to: at(minutes) }]);
          // Exact costs add up exactly and the fraction is carried, so the fen are equal: better than the ±1 allowed.
          expect(chargePieces(tariff, pieces)).toBe(once);
        }),
        { numRuns: 200 },
      );
    });
  }

  it('tou by meter registers: any split of each register', () => {
    const periods: TouPeriod[] = ['sharp', 'peak', 'flat', 'valley', 'deepValley'];
    const oneReading = fc.record({
      sharp: fc.nat(3_000),
      peak: fc.nat(30_000),
      flat: fc.nat(30_000),
      valley: fc.nat(30_000),
      deepValley: fc.nat(30_000),
    });
    const registerPieces = fc.array(oneReading, { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(registerPieces, (pieces) => {
        const total = (registers: Partial<Record<TouPeriod, number>>) => periods.reduce((sum, period) => sum + (registers[period] ?? 0), 0);
        const asInput = (registers: Record<TouPeriod, number>, index: number, count: number) => ({
          quantity: total(registers),
          registers,
          from: at(Math.floor((index * MONTH_MINUTES) / count)),
          to: at(Math.floor(((index + 1) * MONTH_MINUTES) / count)),
        });
        const sumOf = (period: TouPeriod) => pieces.reduce((sum, piece) => sum + piece[period], 0);
        const summed = Object.fromEntries(periods.map((period) => [period, sumOf(period)])) as Record<TouPeriod, number>;
        const once = chargePieces(tou, [asInput(summed, 0, 1)]);
        expect(chargePieces(tou, pieces.map((piece, index) => asInput(piece, index, pieces.length)))).toBe(once);
      }),
      { numRuns: 200 },
    );
  });

  it('tou by the clock: any split of time, consumption steady through it', () => {
    const steady = fc
      .tuple(fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 2, max: MONTH_MINUTES }), fc.nat(MONTH_MINUTES))
      .chain(([perMinute, minutes, offset]) => fc.tuple(fc.constant(perMinute), fc.constant(minutes), fc.constant(offset), cutsOf(minutes)));
    fc.assert(
      fc.property(steady, ([perMinute, minutes, offset, cuts]) => {
        const start = Math.min(offset, MONTH_MINUTES - minutes);
        const t = boundaries(cuts, minutes);
        const pieces = t.slice(1).map((end, index) => {
          const begin = t[index] ?? 0;
          return { quantity: perMinute * (end - begin), from: at(start + begin), to: at(start + end) };
        });
        const once = chargePieces(tou, [{ quantity: perMinute * minutes, from: at(start), to: at(start + minutes) }]);
        // Steady consumption on whole minutes splits into the periods without rounding, so the costs are equal, not just close.
        expect(chargePieces(tou, pieces)).toBe(once);
      }),
      { numRuns: 100 },
    );
  });

  it('any kind, any readings: the charges add up to the exact cost of the billed consumption, rounded down', () => {
    const piece = fc.record({ quantity: fc.nat(2_000_000), minutes: fc.integer({ min: 1, max: 3 * 1440 }) });
    fc.assert(
      fc.property(fc.constantFrom(flat, tiered, tou), fc.array(piece, { minLength: 1, maxLength: 10 }), (tariff, pieces) => {
        let minute = 0;
        let used = 0;
        const costs = pieces.map(({ quantity, minutes }) => {
          const input = { quantity, from: at(minute), to: at(minute + minutes), cycleUsedBefore: used };
          minute += minutes;
          used += quantity;
          return priceConsumption(tariff, input).totalMicroFen;
        });
        const exact = costs.reduce((sum, cost) => sum + cost, 0n);
        expect(BigInt(chargeAll(costs))).toBe(exact / 1_000_000n);
      }),
      { numRuns: 100 },
    );
  });
});
