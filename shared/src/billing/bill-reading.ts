import { applyCharge } from '../charging';
import { AppError } from '../errors';
import { assessReading, advancesBaseline, isBillable, type AnomalyReason, type MeterLimits, type ReadingAssessment } from '../readings';
import { cycleKey, MAX_TOU_INTERVAL_MS, priceWithVersions, type PriceItem, type TariffVersion, type TouPeriod } from '../tariff';
import { versionAt } from './timeline';

/** What a wallet remembers between readings to bill the next one. */
export interface BillingState {
  /** The last accepted (baseline or billed) reading. */
  readonly lastReading: { readonly value: number; readonly at: Date } | null;
  /** Fraction of a fen carried from earlier charges, 0 ≤ r < 1e6 micro-fen. */
  readonly remainderMicroFen: number;
  /** Consumption already billed in the current tier cycle. */
  readonly cycle: { readonly key: string; readonly usedBaseUnits: number } | null;
  /** The cumulative per-period registers of the last accepted reading, when the meter reports them. */
  readonly lastRegisters?: Registers | null;
}

export type Registers = Partial<Record<TouPeriod, number>>;

export interface IncomingReading {
  /** Cumulative register, base units (Wh, L). */
  readonly value: number;
  readonly at: Date;
  /**
   * The meter's cumulative per-period registers (DL/T 645 rate 1..4, mapped
   * to period names), when it reports them: a time-of-use tariff then bills
   * the registers' increase since the last reading instead of splitting by the clock.
   */
  readonly registers?: Registers;
}

export interface BillingContext {
  readonly limits: MeterLimits;
  /** The meter's tariff timeline (see `tariffTimeline`). */
  readonly timeline: readonly TariffVersion[];
  readonly tenancyStart?: Date;
}

export interface ReadingCharge {
  /** Whole fen to debit (≥ 0 for consumption). */
  readonly chargeFen: number;
  readonly quantity: number;
  readonly items: readonly PriceItem[];
  /** The exact cost charged (before rounding with the carried fraction). */
  readonly totalMicroFen: bigint;
  /**
   * The exact cost of the reading's own interval, what the reading stores.
   * The same as `totalMicroFen`, except for a reading placed into history,
   * whose charge also carries the reallocation of later readings' costs.
   */
  readonly readingMicroFen: bigint;
}

export interface BillingDecision {
  readonly assessment: ReadingAssessment;
  /** Present when the reading bills a quantity. */
  readonly charge: ReadingCharge | null;
  /** The state to store; the same object when nothing changes. */
  readonly next: BillingState;
}

/**
 * Decides what one reading does to a wallet: assess it against the last
 * accepted reading, price billable consumption under the tariff timeline
 * (tiers counted in the cycle of the reading that reports it), and round the
 * cost to whole fen carrying the fraction forward. Pure: the caller stores
 * the decision atomically.
 *
 * @throws AppError `tariff.not_in_force` when no tariff covers the interval.
 */
export function billReading(state: BillingState, reading: IncomingReading, context: BillingContext): BillingDecision {
  const assessment = assessReading(state.lastReading, reading, context.limits);
  if (!advancesBaseline(assessment)) return { assessment, charge: null, next: state };
  const lastReading = { value: reading.value, at: reading.at };
  const lastRegisters = reading.registers ?? state.lastRegisters ?? null;
  if (!isBillable(assessment) || state.lastReading === null) {
    return { assessment, charge: null, next: { ...state, lastReading, lastRegisters } };
  }
  const unpriceable = whyUnpriceable(state.lastReading.at, reading.at, context);
  if (unpriceable) return { assessment: { kind: 'anomaly', reason: unpriceable }, charge: null, next: state };
  const registers = registerIncrease(state.lastRegisters ?? null, reading.registers);
  const inForce = versionAt(context.timeline, reading.at);
  if (!inForce) throw new AppError('tariff.not_in_force', 400, `No tariff is in force at ${reading.at.toISOString()}`);
  const key = cycleKey(inForce.tariff, reading.at);
  const usedBefore = state.cycle?.key === key ? state.cycle.usedBaseUnits : 0;
  const priced = priceWithVersions(context.timeline, {
    quantity: assessment.quantity,
    from: state.lastReading.at,
    to: reading.at,
    cycleUsedBefore: usedBefore,
    ...(registers ? { registers } : {}),
    ...(context.tenancyStart ? { tenancyStart: context.tenancyStart } : {}),
  });
  const { chargeFen, remainderMicroFen } = applyCharge(state.remainderMicroFen, priced.totalMicroFen);
  return {
    assessment,
    charge: { chargeFen, quantity: assessment.quantity, items: priced.items, totalMicroFen: priced.totalMicroFen, readingMicroFen: priced.totalMicroFen },
    next: { lastReading, remainderMicroFen, cycle: { key, usedBaseUnits: usedBefore + assessment.quantity }, lastRegisters },
  };
}

/** Why the interval `from` → `to` cannot be priced, or null when it can. */
export function whyUnpriceable(from: Date, to: Date, context: BillingContext): UnpriceableReason | null {
  if (context.tenancyStart && context.tenancyStart.getTime() > to.getTime()) return 'before_tenancy';
  if (!versionAt(context.timeline, from) || !versionAt(context.timeline, to)) return 'no_tariff';
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (toMs - fromMs <= MAX_TOU_INTERVAL_MS) return null;
  const touInForce = context.timeline.some((version, index) => {
    const endMs = context.timeline[index + 1]?.effectiveFrom.getTime() ?? Number.POSITIVE_INFINITY;
    return version.tariff.kind === 'tou' && version.effectiveFrom.getTime() < toMs && endMs > fromMs;
  });
  return touInForce ? 'interval_too_long' : null;
}

/** The anomaly reasons of a reading that is valid but cannot be priced. */
export type UnpriceableReason = Extract<AnomalyReason, 'before_tenancy' | 'interval_too_long' | 'no_tariff'>;
export const UNPRICEABLE_REASONS: readonly UnpriceableReason[] = ['before_tenancy', 'interval_too_long', 'no_tariff'];

/**
 * Per-period consumption from two sets of cumulative registers; null (bill by
 * the clock) when either is missing or any register went backwards (a reset
 * or a rollover of one register: the clock split is the safer estimate).
 */
export function registerIncrease(before: Registers | null, after: Registers | undefined): Registers | null {
  if (!before || !after) return null;
  const increase: Registers = {};
  for (const [period, value] of Object.entries(after) as [TouPeriod, number][]) {
    const previous = before[period];
    if (previous === undefined) continue;
    if (value < previous) return null;
    increase[period] = value - previous;
  }
  return Object.keys(increase).length > 0 ? increase : null;
}
