import {
  AppError,
  decidePush,
  DEFAULT_ROLLOVER_AT_BASE_UNITS,
  isLate,
  isReadingTimeInBounds,
  notFound,
  tariffTimeline,
  UNPRICEABLE_REASONS,
  type AlarmMeterStatus,
  type BillingState,
  type IncomingReading,
  type MeterHistory,
  type NoticeIntent,
  type PushDecision,
  type PushFacts,
  type TariffVersion,
  type UnpriceableReason,
} from '@prepaid/shared';
import type { Deps } from '../deps';
import { toBeijingWallClock } from '../platform/beijing-time';
import { StoredReading, transactWallet, WalletUpdateRefused, type MeterRecord, type MeterState, type StoredCommand, type Wallet } from '../store';
import { readingChange } from './reading-change';

type BillingDeps = Pick<Deps, 'store' | 'clock' | 'ids'>;

export interface ReadingInput extends IncomingReading {
  readonly unit: 'Wh' | 'L';
  /** Where it came from: `manual:<operator>`, `ctwing`, `simulator`, … */
  readonly source: string;
  /**
   * Typed by a person: a time out of bounds or a reading that cannot be
   * priced is refused with a 400 that writes nothing. A meter's reading is
   * instead stored as an anomaly (with an alarm): the platform must not retry it.
   */
  readonly enteredByHand?: boolean;
  /** State flags the meter reported with it (valve, battery, fault). */
  readonly status?: AlarmMeterStatus;
  /** The push exactly as received: archived with the reading. */
  readonly raw?: string;
}

/** The 400 a person gets for a reading that cannot be priced (see `UNPRICEABLE_REASONS`). */
const UNPRICEABLE_ERRORS: Record<UnpriceableReason, [code: string, message: string]> = {
  before_tenancy: ['reading.before_tenancy', 'The reading is dated before the tenancy starts'],
  interval_too_long: ['reading.interval_too_long', 'More than 400 days since the last reading: a time-of-use split is not possible; replace the meter’s baseline instead'],
  no_tariff: ['tariff.not_in_force', 'No tariff is in force over the interval since the last reading'],
};

/** A 60 A breaker at 220 V for a flat; a DN20 water meter's Q4 of 5 m³/h. */
const DEFAULT_MAX_PER_HOUR = { electricity: 13_200, water: 5_000 } as const;

/**
 * A decision whose meter record, alarms or history moved before it was
 * committed is made again on a fresh load. A safety net, not a budget (as in
 * `transactWallet`): each lost round means another reading or operation of
 * the meter committed, so the meter makes progress; only a bug spins this long.
 */
const MAX_LOADS = 1_000;

export interface RecordedReading {
  readonly reading: StoredReading;
  readonly duplicate: boolean;
  /** Null for a duplicate (nothing was written). */
  readonly balanceAfterFen: number | null;
  /** The supply command this reading queued (sent after the answer), if any. */
  readonly command: StoredCommand | null;
}

/**
 * Records one reading the straight way: **load** the meter's state (one
 * Query: record, wallet, open alarms), **decide** everything the reading does
 * in one pure function (`decidePush`: verdict, charge, aggregates, alarms,
 * supply, presence), **commit** it in one transaction conditioned on what was
 * loaded (a conflict decides again on a fresh state), then **react** after the
 * answer (the supply command's downlink). The same meter and instant twice is
 * one reading, billed once.
 */
export async function recordReading(deps: Deps, meterId: string, input: ReadingInput, options: { loaded?: MeterState } = {}): Promise<RecordedReading> {
  for (let load = 0; load < MAX_LOADS; load++) {
    // The caller may have loaded the state already (a push, to decode its frame): the first decision uses it.
    const state = load === 0 && options.loaded ? options.loaded : await deps.store.meters.loadState(meterId);
    if (!state) throw notFound('meter.not_found', `No meter "${meterId}"`);
    const unit: 'Wh' | 'L' = state.meter.utility === 'electricity' ? 'Wh' : 'L';
    if (input.unit !== unit) throw new AppError('reading.unit_mismatch', 400, `A ${state.meter.utility} meter reads in ${unit}`, { details: { field: 'body.unit' } });
    const now = deps.clock.now();
    const inBounds = isReadingTimeInBounds(input.at, now);
    if (!inBounds && input.enteredByHand) {
      throw new AppError('reading.time_out_of_range', 400, 'A reading must be dated between 2000-01-01 and one day from now', { details: { field: 'body.at' } });
    }
    // A time that cannot be trusted files the reading under its arrival, with the claimed time beside it.
    const atIso = inBounds ? input.at.toISOString() : now.toISOString();
    const base = { meterId, value: input.value, unit, at: atIso, source: input.source, receivedAt: now.toISOString(), ...(inBounds ? {} : { reportedAt: claimedTime(input.at) }), ...(input.registers ? { registers: input.registers } : {}), ...(input.raw ? { raw: input.raw } : {}) };
    const timeline = await timelineOf(deps, state.meter);
    // A reading older than the last one takes its place in the history, read for it (and only for it).
    const history = inBounds && isLate(stateOf(state.wallet), input) ? await historyOf(deps, meterId, atIso, now) : undefined;
    const queued: { command: StoredCommand | null; notices: readonly NoticeIntent[]; verdict: string | null } = { command: null, notices: [], verdict: null };
    try {
      const outcome = await transactWallet(
        deps.store.table,
        meterId,
        deps.store.readings.guard(meterId, atIso),
        (wallet) => {
          // The history was read with the wallet as loaded: if another reading took its place since (a payment does not matter), or this
          // one became late meanwhile, it is decided again on a fresh load.
          if (history ? wallet.historyRev !== state.wallet.historyRev : inBounds && isLate(stateOf(wallet), input)) throw new WalletUpdateRefused();
          const decision = decidePush(pushFacts(state, wallet, timeline, now, history), { reading: input, ...(input.status ? { status: input.status } : {}) });
          if (input.enteredByHand) refuseUnpriceable(decision);
          const built = readingChange(deps, { state: { ...state, wallet }, decision, base, now });
          queued.verdict = decision.verdict?.kind ?? null;
          queued.command = built.command;
          queued.notices = built.notices;
          return built.change;
        },
        { loaded: state.wallet },
      );
      if (!outcome.duplicate && queued.verdict) deps.metrics.add(queued.verdict === 'assessed' ? 'ReadingsBilled' : 'ReadingsQuarantined', 1);
      const command = outcome.duplicate ? null : queued.command;
      if (command) await deps.reactions.after({ kind: 'dispatch-command', meterId, createdAt: command.createdAt, commandId: command.id }, deps);
      // A retry of this push would be a duplicate that tells nothing, so a failure to hand the notices over is logged, not thrown.
      if (!outcome.duplicate && queued.notices.length > 0) {
        await deps.reactions.after({ kind: 'notify', meterId, notices: queued.notices }, deps).catch((error: unknown) => deps.log.error({ err: error, meterId }, 'notices not handed over'));
      }
      return { reading: StoredReading.parse(outcome.result), duplicate: outcome.duplicate, balanceAfterFen: outcome.balanceAfterFen, command };
    } catch (error) {
      // The meter's supply facts, its alarms or its history moved since they were loaded: load and decide again, after a jittered pause
      // so that readings racing for one meter spread out instead of colliding again in lock-step.
      if (error instanceof WalletUpdateRefused) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(400, 10 * 2 ** Math.min(load, 6))));
        continue;
      }
      throw error;
    }
  }
  throw new AppError('meter.busy', 503, 'The meter kept changing while its reading was decided; retry');
}

/** Kept for the callers that know it by this name: a reading recorded with everything it does. */
export const ingestReading = (deps: Deps, meterOrId: string | MeterRecord, input: ReadingInput) => recordReading(deps, typeof meterOrId === 'string' ? meterOrId : meterOrId.id, input);
export const processReading = ingestReading;

function claimedTime(at: Date): string {
  const ms = at instanceof Date ? at.getTime() : Number.NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : 'invalid';
}

/** A reading typed by a person that cannot be priced is a 400 that writes nothing (a meter's is quarantined). */
function refuseUnpriceable(decision: PushDecision): void {
  const assessment = decision.verdict?.kind === 'assessed' ? decision.verdict.billing.assessment : null;
  if (assessment?.kind === 'anomaly' && isUnpriceable(assessment.reason)) {
    const [code, message] = UNPRICEABLE_ERRORS[assessment.reason];
    throw new AppError(code, 400, message, { details: { field: 'body.at' } });
  }
}

const isUnpriceable = (reason: string): reason is UnpriceableReason => (UNPRICEABLE_REASONS as readonly string[]).includes(reason);

/**
 * The accepted readings around a late reading and the tier counters of the
 * cycles they fall in (from the month aggregates: one Query), for
 * `billLateReading`.
 */
async function historyOf(deps: BillingDeps & Pick<Deps, 'config'>, meterId: string, atIso: string, now: Date): Promise<MeterHistory> {
  const { before, after } = await deps.store.readings.around(meterId, atIso);
  const fromMonth = `${beijingMonth(new Date(atIso)).slice(0, 4)}-01`;
  const months = await deps.store.usage.months(meterId, fromMonth, beijingMonth(now));
  const accepted = (reading: StoredReading) => ({
    value: reading.value,
    at: new Date(reading.at),
    quantity: reading.quantity ?? 0,
    costMicroFen: BigInt(reading.costMicroFen ?? '0'),
    ...(reading.registers ? { registers: reading.registers } : {}),
  });
  return {
    before: before ? accepted(before) : null,
    after: after.map(accepted),
    // A cycle is a Beijing month ('2026-11') or year ('2026'), and so are the aggregates' keys.
    cycleUsed: (key) => months.filter((month) => month.month === key || month.month.startsWith(`${key}-`)).reduce((sum, month) => sum + month.usage.quantity, 0),
    windowStart: new Date(now.getTime() - deps.config.readingHistoryDays * 86_400_000),
  };
}

const beijingMonth = (at: Date) => toBeijingWallClock(at).toISOString().slice(0, 7);

/** The facts `decidePush` decides on, from the loaded state and the wallet as it is now. */
function pushFacts(state: MeterState, wallet: Wallet, timeline: TariffVersion[], now: Date, history?: MeterHistory): PushFacts {
  const { meter } = state;
  return {
    meter: {
      id: meter.id,
      utility: meter.utility,
      lowBalanceFen: meter.lowBalanceFen,
      keepOn: meter.keepOn,
      supply: meter.supply,
      hold: meter.supplyHold !== null,
      ...(meter.billing === 'meter' ? { ownBalanceFen: meter.meterSide?.balanceFen ?? 1 } : {}),
      pending: meter.pendingSupply?.action ?? null,
      online: meter.online,
      lastReportAt: meter.lastReportAt ? new Date(meter.lastReportAt) : null,
      limits: { rolloverAtBaseUnits: DEFAULT_ROLLOVER_AT_BASE_UNITS[meter.utility], maxPlausiblePerHour: meter.maxPlausiblePerHour ?? DEFAULT_MAX_PER_HOUR[meter.utility] },
      ...(meter.tenancyStart ? { tenancyStart: new Date(meter.tenancyStart) } : {}),
    },
    wallet: { ...stateOf(wallet), balanceFen: wallet.balanceFen, pace: wallet.pace },
    openAlarms: state.openAlarms.map((alarm) => alarm.kind),
    timeline,
    now,
    ...(history ? { history } : {}),
  };
}

/**
 * Tariff versions per container, kept 30 s: one query less per reading. A new
 * version is seen within 30 s; versions take effect at their own instant, so
 * only a version dated in the past could bill a reading of those 30 s at the old price.
 */
const TARIFF_CACHE_MS = 30_000;
const tariffCache = new Map<string, { loadedAtMs: number; versions: TariffVersion[] }>();

async function versionsOf(deps: BillingDeps, tariffId: string): Promise<TariffVersion[]> {
  const nowMs = Date.now();
  const cached = tariffCache.get(tariffId);
  if (cached && nowMs - cached.loadedAtMs < TARIFF_CACHE_MS) return cached.versions;
  const versions = await deps.store.tariffs.versions(tariffId);
  tariffCache.set(tariffId, { loadedAtMs: nowMs, versions });
  return versions;
}

export async function timelineOf(deps: BillingDeps, meter: MeterRecord): Promise<TariffVersion[]> {
  const ids = [...new Set(meter.tariffAssignments.map((assignment) => assignment.tariffId))];
  const versions = new Map(await Promise.all(ids.map(async (id) => [id, await versionsOf(deps, id)] as const)));
  return tariffTimeline(
    meter.tariffAssignments.map((assignment) => ({ tariffId: assignment.tariffId, effectiveFrom: new Date(assignment.effectiveFrom) })),
    versions,
  );
}

function stateOf(wallet: Wallet): BillingState {
  return {
    lastReading: wallet.lastReading ? { value: wallet.lastReading.value, at: new Date(wallet.lastReading.at) } : null,
    remainderMicroFen: wallet.remainderMicroFen,
    cycle: wallet.cycle,
    lastRegisters: wallet.lastRegisters,
  };
}
