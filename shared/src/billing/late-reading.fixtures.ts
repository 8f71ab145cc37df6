/**
 * Test fixtures (not exported by the package): tariffs whose prices, tiers
 * and periods a few days of readings cross, random consumption histories,
 * and what their sorted stream bills. The unit property test and the one on
 * DynamoDB Local share them.
 */
import fc from 'fast-check';
import { parseTariff, type TariffVersion } from '../tariff';
import { billReading, type BillingState, type IncomingReading } from './bill-reading';

const at = (iso: string) => new Date(iso);
const ALWAYS = at('2000-01-01T00:00:00+08:00');
export const STREAM_LIMITS = { rolloverAtBaseUnits: 999_999_990, maxPlausiblePerHour: 13_200 };

/** The tariffs as a manager would create them. */
export const STREAM_TARIFFS = {
  flat: { name: 'flat', utility: 'electricity', kind: 'flat', price: '0.60' },
  dearer: { name: 'flat+', utility: 'electricity', kind: 'flat', price: '0.85' },
  // Small monthly tiers, so a few days of readings cross thresholds and the 1 December cycle boundary.
  tiered: {
    name: 'tiers',
    utility: 'electricity',
    kind: 'tiered',
    cycle: 'month',
    tiers: [
      { upTo: 20, price: '0.50' },
      { upTo: 60, price: '0.70' },
      { upTo: null, price: '1.10' },
    ],
  },
  tou: {
    name: 'tou',
    utility: 'electricity',
    kind: 'tou',
    periods: { peak: '1.00', valley: '0.30' },
    schedule: [
      { from: '08:00', to: '22:00', period: 'peak' },
      { from: '22:00', to: '08:00', period: 'valley' },
    ],
  },
} as const;

/** When the flat price rises to `dearer` in the "price change" timeline. */
export const PRICE_CHANGE_AT = at('2026-11-29T12:00:00+08:00');

const version = (tariff: keyof typeof STREAM_TARIFFS, from = ALWAYS): TariffVersion => ({ effectiveFrom: from, tariff: parseTariff(STREAM_TARIFFS[tariff]) });
export const STREAM_TIMELINES: Record<'flat' | 'price change' | 'tiered' | 'time of use', TariffVersion[]> = {
  flat: [version('flat')],
  'price change': [version('flat'), version('dearer', PRICE_CHANGE_AT)],
  tiered: [version('tiered')],
  'time of use': [version('tou')],
};

/** The first reading of every history: 28 November, 05:00 Beijing, so the histories cross 1 December. */
export const STREAM_START = at('2026-11-28T05:00:00+08:00');

/** A consumption history: readings 15 min to 7 h apart, each a plausible step up (in 10 Wh steps). */
export const consumptionHistory = (maxLength: number): fc.Arbitrary<IncomingReading[]> =>
  fc.array(fc.record({ gapMin: fc.integer({ min: 15, max: 420 }), stepWh: fc.integer({ min: 0, max: 4_000 }) }), { minLength: 2, maxLength }).map((steps) => {
    let ms = STREAM_START.getTime();
    let value = 1_000_000;
    return steps.map(({ gapMin, stepWh }, i) => {
      if (i > 0) {
        ms += gapMin * 60_000;
        value += Math.min(stepWh, Math.floor((STREAM_LIMITS.maxPlausiblePerHour * gapMin) / 60));
      }
      return { value: value - (value % 10), at: new Date(ms) };
    });
  });

/** A history and its delivery: every reading twice, in any order. */
export const shuffledDelivery = (maxLength: number) =>
  consumptionHistory(maxLength).chain((readings) =>
    fc.tuple(fc.constant(readings), fc.shuffledSubarray([...readings, ...readings], { minLength: readings.length * 2, maxLength: readings.length * 2 })),
  );

/**
 * What the sorted, deduplicated stream bills, every reading in time order:
 * the fen charged, and the consumption of each interval at the instant of
 * the reading that closes it.
 */
export function sortedStreamBill(readings: readonly IncomingReading[], timeline: TariffVersion[]): { fen: number; usage: { at: Date; quantity: number; costMicroFen: bigint }[] } {
  const sorted = [...new Map(readings.map((r) => [r.at.getTime(), r])).values()].sort((a, b) => a.at.getTime() - b.at.getTime());
  let state: BillingState = { lastReading: null, remainderMicroFen: 0, cycle: null };
  let fen = 0;
  const usage: { at: Date; quantity: number; costMicroFen: bigint }[] = [];
  for (const reading of sorted) {
    const decision = billReading(state, reading, { limits: STREAM_LIMITS, timeline });
    fen += decision.charge?.chargeFen ?? 0;
    if (decision.charge) usage.push({ at: reading.at, quantity: decision.charge.quantity, costMicroFen: decision.charge.totalMicroFen });
    state = decision.next;
  }
  return { fen, usage };
}
