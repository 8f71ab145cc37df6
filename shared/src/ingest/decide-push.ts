/**
 * What one meter push does, decided in one pure function from the meter's
 * state as loaded (one Query) and the push: the reading's verdict and charge,
 * the wallet's next billing state and spending pace, the usage to add to the
 * hourly aggregates, the alarms to raise, merge and clear, the supply command
 * that is missing, and whether the meter's presence must be written. The
 * caller commits all of it in one transaction conditioned on the state it
 * loaded (a conflict reloads and decides again) and reacts after answering.
 */
import {
  addToPace,
  daysLeftAtPace,
  diffAlarms,
  evaluateMeterAlarms,
  isAlarmKind,
  rejectedFrameFinding,
  type AlarmDiff,
  type AlarmFinding,
  type AlarmMeterStatus,
  type SpendingPace,
} from '../alarms';
import { billLateReading, billReading, type BillingDecision, type BillingState, type IncomingReading, type MeterHistory, type ReadingRevision } from '../billing';
import { isReadingTimeInBounds, type MeterLimits } from '../readings';
import { missingSupplyCommand, type SupplyAction, type SupplyState } from '../supply';
import type { TariffVersion } from '../tariff';

/** How often a meter that keeps reporting has its presence written: the rest of the time it is known from its pushes. */
export const PRESENCE_WRITE_EVERY_MS = 10 * 60_000;

/** The meter as its state item holds it. */
export interface PushMeterFacts {
  readonly id: string;
  readonly utility: 'electricity' | 'water';
  readonly lowBalanceFen: number;
  readonly keepOn: boolean;
  /** What the meter last reported (or last confirmed a command for). */
  readonly supply: SupplyState;
  /** A manager's manual cut. */
  readonly hold: boolean;
  /** A meter that keeps its own balance (表端计费): the balance it last reported, which its supply follows instead of the ledger's. */
  readonly ownBalanceFen?: number;
  /** The supply command on its way, if any. */
  readonly pending: SupplyAction | null;
  readonly online: boolean;
  readonly lastReportAt: Date | null;
  readonly limits: MeterLimits;
  readonly tenancyStart?: Date;
}

/** The wallet as its state item holds it: money, the billing state of the next reading, the spending pace. */
export interface PushWalletFacts extends BillingState {
  readonly balanceFen: number;
  readonly pace: SpendingPace | null;
}

export interface PushFacts {
  readonly meter: PushMeterFacts;
  readonly wallet: PushWalletFacts;
  /** The kinds of the meter's open alarms. */
  readonly openAlarms: readonly string[];
  /** The meter's tariff timeline (tariff versions are cached by the caller, not read per push). */
  readonly timeline: readonly TariffVersion[];
  /** When the push arrived. */
  readonly now: Date;
  /**
   * The meter's history around the reading, loaded only for a reading older
   * than the wallet's last one: it then takes its place in the history
   * (`billLateReading`). Without it such a reading is `stale`.
   */
  readonly history?: MeterHistory;
}

/** What a push carries once decoded. */
export interface MeterPush {
  readonly reading: IncomingReading | null;
  /** State flags the meter reported (valve, battery, fault). */
  readonly status?: AlarmMeterStatus;
}

export type ReadingVerdict =
  | { readonly kind: 'quarantined_time' }
  | { readonly kind: 'assessed'; readonly billing: BillingDecision; readonly revisions: readonly ReadingRevision[] };

/** Consumption (and its exact cost) to add to the usage aggregates of the hour of `at`; negative where a later reading gave some up. */
export interface UsageDelta {
  readonly quantity: number;
  readonly costMicroFen: bigint;
  readonly at: Date;
}

export interface PushDecision {
  /** Null when the push carried no reading. */
  readonly verdict: ReadingVerdict | null;
  readonly chargeFen: number;
  readonly balanceAfterFen: number;
  /** The wallet's pace after this push (the same object when unchanged). */
  readonly pace: SpendingPace | null;
  /**
   * Consumption to add to the usage aggregates, each dated by the reading
   * that reports it: this reading's own, and the changes of later readings
   * whose interval it split (a reading placed into history).
   */
  readonly usage: readonly UsageDelta[];
  /** Condition alarms to raise and clear (open ones are never raised again). */
  readonly alarms: AlarmDiff;
  /** Every condition found, open or new (what the tenant is told may depend on an open one's latest facts). */
  readonly findings: readonly AlarmFinding[];
  /** Event alarms to raise, or to merge into the open one of their kind (a quarantined reading). */
  readonly events: readonly AlarmFinding[];
  /** The supply command that is missing, or null. */
  readonly supply: SupplyAction | null;
  /** What the meter's own valve said, when it differs from what is recorded. */
  readonly reportedSupply: SupplyState | null;
  /** The meter's presence must be written (it was offline, or its last write is old). */
  readonly heard: boolean;
}

/** Decides one push (see the module's comment). Pure. */
export function decidePush(facts: PushFacts, push: MeterPush): PushDecision {
  const { meter, wallet, now } = facts;
  const verdict = push.reading ? assess(facts, push.reading) : null;
  const billing = verdict?.kind === 'assessed' ? verdict.billing : null;
  const charge = billing?.charge ?? null;
  const chargeFen = charge?.chargeFen ?? 0;
  const balanceAfterFen = wallet.balanceFen - chargeFen;
  const from = wallet.lastReading?.at;
  const pace = charge && from && push.reading && push.reading.at > from ? addToPace(wallet.pace, push.reading.at.getTime() - from.getTime(), charge.totalMicroFen) : wallet.pace;
  const valve = push.status?.valve;
  const reported: SupplyState = valve === 'open' ? 'on' : valve === 'closed' ? 'off' : meter.supply;
  const findings = evaluateMeterAlarms({
    meter: { id: meter.id, utility: meter.utility, lowBalanceFen: meter.lowBalanceFen, keepOn: meter.keepOn, supply: reported },
    balanceFen: balanceAfterFen,
    now,
    recentUsage: [],
    daysRemaining: daysLeftAtPace(balanceAfterFen, pace),
    ...(push.status ? { status: push.status } : {}),
    lastReportAt: now,
  });
  return {
    verdict,
    chargeFen,
    balanceAfterFen,
    pace,
    usage: usageOf(verdict, push.reading),
    alarms: diffAlarms(facts.openAlarms.filter(isAlarmKind), findings),
    findings,
    events: eventsOf(verdict, now),
    supply: missingSupplyCommand({ balanceFen: meter.ownBalanceFen ?? balanceAfterFen, keepOn: meter.keepOn, hold: meter.hold, reported, pending: meter.pending }),
    reportedSupply: reported !== meter.supply ? reported : null,
    heard: !meter.online || meter.lastReportAt === null || now.getTime() - meter.lastReportAt.getTime() >= PRESENCE_WRITE_EVERY_MS,
  };
}

/**
 * A reading's time is bounded first (CONTRACT); then it is billed (placed
 * into the history when older than the last one), or quarantined when it
 * cannot be priced.
 */
function assess(facts: PushFacts, reading: IncomingReading): ReadingVerdict {
  if (!isReadingTimeInBounds(reading.at, facts.now)) return { kind: 'quarantined_time' };
  const context = {
    limits: facts.meter.limits,
    timeline: facts.timeline,
    ...(facts.meter.tenancyStart ? { tenancyStart: facts.meter.tenancyStart } : {}),
  };
  if (facts.history && isLate(facts.wallet, reading)) {
    const { revisions, ...billing } = billLateReading(facts.wallet, reading, facts.history, context);
    return { kind: 'assessed', billing, revisions };
  }
  return { kind: 'assessed', billing: billReading(facts.wallet, reading, context), revisions: [] };
}

/** True for a reading dated before the wallet's last accepted one: it needs the meter's history to be placed. */
export function isLate(wallet: BillingState, reading: { readonly at: Date }): boolean {
  return wallet.lastReading !== null && reading.at.getTime() < wallet.lastReading.at.getTime();
}

/** The reading's own consumption at its time, and what later readings gave up or gained at theirs. */
function usageOf(verdict: ReadingVerdict | null, reading: IncomingReading | null): UsageDelta[] {
  if (verdict?.kind !== 'assessed' || !reading) return [];
  const { charge } = verdict.billing;
  const own = charge && charge.quantity > 0 ? [{ quantity: charge.quantity, costMicroFen: charge.readingMicroFen, at: reading.at }] : [];
  return [...own, ...verdict.revisions.map((revision) => ({ quantity: revision.quantityDelta, costMicroFen: revision.costDeltaMicroFen, at: revision.at }))];
}

/** A quarantined reading is a manager's to look at: a `rejected_frame` event (merged into the open one if any). */
function eventsOf(verdict: ReadingVerdict | null, now: Date): AlarmFinding[] {
  if (verdict === null) return [];
  if (verdict.kind === 'quarantined_time') return [rejectedFrameFinding('time_out_of_range', { at: now })];
  const { assessment } = verdict.billing;
  return assessment.kind === 'anomaly' ? [rejectedFrameFinding(assessment.reason, { at: now })] : [];
}
