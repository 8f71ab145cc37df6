import {
  advancesBaseline,
  AppError,
  billReading,
  DEFAULT_ROLLOVER_AT_BASE_UNITS,
  isReadingTimeInBounds,
  notFound,
  tariffTimeline,
  UNPRICEABLE_REASONS,
  type UnpriceableReason,
  type BillingDecision,
  type BillingState,
  type IncomingReading,
  type MeterLimits,
  type TariffVersion,
  type AlarmMeterStatus,
} from '@prepaid/shared';
import type { Deps } from '../deps';
import { afterPosting } from './after-posting';
import type { MeterRecord, StoredReading, Wallet, WalletChange } from '../store';

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
 * Stores one reading and bills it in the same transaction (see
 * `billReading` for the rules): the reading, the wallet's billing state and
 * balance, and a charge entry when whole fen are due. The same meter and
 * instant twice is one reading, billed once.
 */
export async function ingestReading(deps: BillingDeps, meterOrId: string | MeterRecord, input: ReadingInput) {
  const meter = typeof meterOrId === 'string' ? await deps.store.meters.get(meterOrId) : meterOrId;
  if (!meter) throw notFound('meter.not_found', `No meter "${String(meterOrId)}"`);
  const meterId = meter.id;
  const unit = meter.utility === 'electricity' ? 'Wh' : 'L';
  if (input.unit !== unit) {
    throw new AppError('reading.unit_mismatch', 400, `A ${meter.utility} meter reads in ${unit}`, { details: { field: 'body.unit' } });
  }
  const timeline = await timelineOf(deps, meter);
  const limits: MeterLimits = {
    rolloverAtBaseUnits: DEFAULT_ROLLOVER_AT_BASE_UNITS[meter.utility],
    maxPlausiblePerHour: meter.maxPlausiblePerHour ?? DEFAULT_MAX_PER_HOUR[meter.utility],
  };
  const now = deps.clock.now();
  const receivedAt = now.toISOString();
  if (!isReadingTimeInBounds(input.at, now)) {
    if (input.enteredByHand) {
      throw new AppError('reading.time_out_of_range', 400, 'A reading must be dated between 2000-01-01 and one day from now', { details: { field: 'body.at' } });
    }
    return quarantineByTime(deps, { meterId, value: input.value, unit, source: input.source, receivedAt }, input.at);
  }
  const atIso = input.at.toISOString();
  return deps.store.readings.record(meterId, atIso, (wallet) => {
    const decision = billReading(stateOf(wallet), input, {
      limits,
      timeline,
      ...(meter.tenancyStart ? { tenancyStart: new Date(meter.tenancyStart) } : {}),
    });
    const { assessment } = decision;
    if (input.enteredByHand && assessment.kind === 'anomaly' && isUnpriceable(assessment.reason)) {
      const [code, message] = UNPRICEABLE_ERRORS[assessment.reason];
      throw new AppError(code, 400, message, { details: { field: 'body.at' } });
    }
    return changeFor(decision, { meterId, value: input.value, unit, at: atIso, source: input.source, receivedAt }, deps.ids.next());
  });
}

const isUnpriceable = (reason: string): reason is UnpriceableReason => (UNPRICEABLE_REASONS as readonly string[]).includes(reason);

/**
 * A reading whose time cannot be trusted (invalid, before 2000, more than a
 * day ahead): stored under the instant it arrived, with the claimed time
 * beside it, as an anomaly. It touches no wallet and never becomes a baseline.
 */
async function quarantineByTime(deps: BillingDeps, base: Omit<ReadingBase, 'at'>, claimed: Date) {
  const claimedMs = claimed instanceof Date ? claimed.getTime() : Number.NaN;
  const reading: StoredReading = {
    ...base,
    at: base.receivedAt,
    status: 'anomaly',
    reason: 'time_out_of_range',
    reportedAt: Number.isFinite(claimedMs) ? new Date(claimedMs).toISOString() : 'invalid',
  };
  const stored = await deps.store.readings.quarantine(reading);
  return { reading: stored, duplicate: stored !== reading, balanceAfterFen: null };
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

async function timelineOf(deps: BillingDeps, meter: MeterRecord): Promise<TariffVersion[]> {
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

type ReadingBase = Pick<StoredReading, 'meterId' | 'value' | 'unit' | 'at' | 'source' | 'receivedAt'>;

/** Turns a pure billing decision into the items of one wallet transaction. */
function changeFor(decision: BillingDecision, base: ReadingBase, entryId: string): WalletChange<StoredReading> {
  const { assessment, charge, next } = decision;
  const status: StoredReading['status'] =
    assessment.kind === 'consumption' || assessment.kind === 'rollover' ? 'billed' : assessment.kind;
  const reading: StoredReading = {
    ...base,
    status,
    ...(assessment.kind === 'anomaly' ? { reason: assessment.reason } : {}),
    ...(assessment.kind === 'rollover' ? { reason: 'rollover' } : {}),
    ...(charge ? { quantity: charge.quantity, chargeFen: charge.chargeFen, costMicroFen: charge.totalMicroFen.toString() } : {}),
  };
  return {
    deltaFen: -(charge?.chargeFen ?? 0),
    ...(advancesBaseline(assessment)
      ? {
          state: {
            lastReading: next.lastReading ? { value: next.lastReading.value, at: next.lastReading.at.toISOString() } : null,
            remainderMicroFen: next.remainderMicroFen,
            cycle: next.cycle,
            lastRegisters: next.lastRegisters ?? null,
          },
        }
      : {}),
    guardItem: reading,
    ...(charge && charge.chargeFen !== 0
      ? {
          entry: {
            id: entryId,
            kind: 'charge',
            amountFen: -charge.chargeFen,
            at: base.receivedAt,
            quantity: charge.quantity,
            readingAt: base.at,
            items: charge.items.map((item) => ({
              label: item.label,
              quantity: item.quantity,
              pricePer10kYuan: item.pricePer10kYuan,
              costMicroFen: item.costMicroFen.toString(),
            })),
          },
        }
      : {}),
    result: reading,
  };
}

/** Ingests a reading, then applies the supply rule to the balance it left and re-evaluates the meter's alarms. */
export async function processReading(deps: Deps, meterOrId: string | MeterRecord, input: ReadingInput & { status?: AlarmMeterStatus }) {
  const { status, ...reading } = input;
  const meter = typeof meterOrId === 'string' ? await deps.store.meters.get(meterOrId) : meterOrId;
  if (!meter) throw notFound('meter.not_found', `No meter "${String(meterOrId)}"`);
  const result = await ingestReading(deps, meter, reading);
  if (!result.duplicate) await afterPosting(deps, meter, result.balanceAfterFen, status ? { status } : {});
  return result;
}
