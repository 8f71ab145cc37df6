import { applyCharge } from '../charging';
import { assessReading, isBillable, type ReadingAssessment } from '../readings';
import { cycleKey, priceWithVersions, type PriceItem } from '../tariff';
import { registerIncrease, whyUnpriceable, type BillingContext, type BillingDecision, type BillingState, type IncomingReading, type Registers } from './bill-reading';
import { versionAt } from './timeline';

/** An accepted (baseline or billed) reading as stored: where the register stood, and what it billed. */
export interface AcceptedReading {
  readonly value: number;
  readonly at: Date;
  /** Base units it billed (0 for the baseline). */
  readonly quantity: number;
  /** The exact cost of its own interval (0 for the baseline). */
  readonly costMicroFen: bigint;
  readonly registers?: Registers;
}

/** What the store knows around a reading older than the meter's last one. */
export interface MeterHistory {
  /** The latest accepted reading before the incoming one's time, or null when the incoming one precedes them all. */
  readonly before: AcceptedReading | null;
  /** Every accepted reading after the incoming one's time, oldest first: the last one is the wallet's last reading. */
  readonly after: readonly AcceptedReading[];
  /** Base units billed so far in a tier cycle other than the wallet's current one (what `BillingState.cycle` counts). */
  readonly cycleUsed: (key: string) => number;
  /** The oldest time a reading may still take its place in the history (the configured window); older ones are quarantined. */
  readonly windowStart: Date;
}

/** A later reading whose interval changed: it now starts at the incoming reading, or its tier position moved. */
export interface ReadingRevision {
  readonly at: Date;
  readonly quantity: number;
  readonly costMicroFen: bigint;
  /** What changed, for the usage aggregates of the reading's hour. */
  readonly quantityDelta: number;
  readonly costDeltaMicroFen: bigint;
}

export interface LateBillingDecision extends BillingDecision {
  /** The later readings whose quantity or cost changed. */
  readonly revisions: readonly ReadingRevision[];
}

/** The line of a charge that moves money between later readings' intervals (a period or tier they now fall in). */
export const REALLOCATION_LABEL = 'reallocation';

/**
 * Places a reading older than the meter's last one into its history, so that
 * what is billed never depends on the order readings arrive in: after it, the
 * meter has billed exactly the cost of its sorted, deduplicated stream of
 * readings (±1 fen of rounding, carried as always).
 *
 * - Between two known readings, it splits their interval: it bills its own
 *   part, and the later reading now bills the rest. The quantities add up to
 *   what was billed; what can change is the money, when the two parts fall
 *   in different time-of-use periods, tier cycles or tariff versions.
 * - Before the first known reading, it becomes the baseline and the interval
 *   up to the old baseline is billed.
 *
 * Then every later reading is priced again in order, with the tier counters
 * its cycle had before it; the charge is the incoming reading's own cost
 * plus the difference between the later readings' new and old costs (the
 * reallocation, usually 0), and `revisions` lists the later readings that
 * changed. A reading that does not fit (a value outside its neighbours', a
 * jump no meter makes, a time before the window or the tenancy, an interval
 * that cannot be priced) is an anomaly that changes nothing.
 */
export function billLateReading(state: BillingState, reading: IncomingReading, history: MeterHistory, context: BillingContext): LateBillingDecision {
  const unchanged = (assessment: ReadingAssessment): LateBillingDecision => ({ assessment, charge: null, next: state, revisions: [] });
  const anomaly = (reason: Extract<ReadingAssessment, { kind: 'anomaly' }>['reason']) => unchanged({ kind: 'anomaly', reason });
  const [next] = history.after;
  if (!next) throw new RangeError('billLateReading needs a later reading');
  if (reading.at.getTime() < history.windowStart.getTime()) return anomaly('outside_history_window');
  if (context.tenancyStart && reading.at.getTime() < context.tenancyStart.getTime() && !history.before) return anomaly('before_tenancy');

  // The incoming reading against its neighbours: both parts must be consumption a meter can make.
  const own = history.before ? assessReading(history.before, reading, context.limits) : ({ kind: 'baseline' } as const);
  if (history.before && !isBillable(own)) return unchanged(own.kind === 'anomaly' ? own : { kind: 'anomaly', reason: 'negative' });
  const rest = assessReading(reading, next, context.limits);
  if (!isBillable(rest)) return unchanged(rest.kind === 'anomaly' ? rest : { kind: 'anomaly', reason: 'negative' });
  const ownQuantity = isBillable(own) ? own.quantity : 0;
  if (history.before && ownQuantity + rest.quantity !== next.quantity) return anomaly('negative');
  for (const [from, to] of [[history.before?.at, reading.at], [reading.at, next.at]] as const) {
    const why = from ? whyUnpriceable(from, to, context) : null;
    if (why) return anomaly(why);
  }

  // Each cycle's counter as it stood before the re-billed readings.
  const keyOf = (at: Date) => {
    const version = versionAt(context.timeline, at);
    if (!version) throw new RangeError(`No tariff at ${at.toISOString()}`); // excluded by whyUnpriceable
    return cycleKey(version.tariff, at);
  };
  const usedIn = (key: string) => (state.cycle?.key === key ? state.cycle.usedBaseUnits : history.cycleUsed(key));
  const billedLater = new Map<string, number>();
  for (const later of history.after) billedLater.set(keyOf(later.at), (billedLater.get(keyOf(later.at)) ?? 0) + later.quantity);
  const used = new Map<string, number>();
  for (const key of new Set([keyOf(reading.at), ...billedLater.keys()])) used.set(key, Math.max(0, usedIn(key) - (billedLater.get(key) ?? 0)));
  const price = (quantity: number, from: AcceptedReading | IncomingReading, to: AcceptedReading | IncomingReading) => {
    const key = keyOf(to.at);
    const usedBefore = used.get(key) ?? 0;
    used.set(key, usedBefore + quantity);
    const registers = registerIncrease(from.registers ?? null, to.registers);
    return priceWithVersions(context.timeline, {
      quantity,
      from: from.at,
      to: to.at,
      cycleUsedBefore: usedBefore,
      ...(registers ? { registers } : {}),
      ...(context.tenancyStart ? { tenancyStart: context.tenancyStart } : {}),
    });
  };

  const ownPriced = history.before ? price(ownQuantity, history.before, reading) : { items: [] as PriceItem[], totalMicroFen: 0n };
  let reallocationMicroFen = 0n;
  const revisions: ReadingRevision[] = [];
  history.after.forEach((later, index) => {
    const from = index === 0 ? reading : history.after[index - 1]!;
    const quantity = index === 0 ? rest.quantity : later.quantity;
    const { totalMicroFen } = price(quantity, from, later);
    reallocationMicroFen += totalMicroFen - later.costMicroFen;
    // The first later reading of a reading placed before everything was the baseline: it becomes billed even when its interval
    // is empty (the same value twice), or the meter would show two baselines.
    const wasBaseline = index === 0 && !history.before;
    if (wasBaseline || quantity !== later.quantity || totalMicroFen !== later.costMicroFen) {
      revisions.push({ at: later.at, quantity, costMicroFen: totalMicroFen, quantityDelta: quantity - later.quantity, costDeltaMicroFen: totalMicroFen - later.costMicroFen });
    }
  });

  const totalMicroFen = ownPriced.totalMicroFen + reallocationMicroFen;
  const { chargeFen, remainderMicroFen } = applyCharge(state.remainderMicroFen, totalMicroFen);
  const last = history.after.at(-1)!;
  const lastKey = keyOf(last.at);
  const reallocation: PriceItem[] = reallocationMicroFen === 0n ? [] : [{ label: REALLOCATION_LABEL, kind: 'consumption', quantity: 0, pricePer10kYuan: 0, costMicroFen: reallocationMicroFen }];
  return {
    assessment: own,
    charge: { chargeFen, quantity: ownQuantity, items: [...ownPriced.items, ...reallocation], totalMicroFen, readingMicroFen: ownPriced.totalMicroFen },
    next: { ...state, remainderMicroFen, cycle: { key: lastKey, usedBaseUnits: used.get(lastKey) ?? 0 } },
    revisions,
  };
}
