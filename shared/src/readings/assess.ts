/**
 * Validation of cumulative meter readings (the V of VEE: validation,
 * estimation, editing). Pure: it only compares a reading with the last one the
 * meter accepted and says what the new one means; storing and billing is the
 * caller's job.
 */

/** A cumulative register value in base units (Wh, L) at an instant. */
export interface ReadingPoint {
  readonly value: number;
  readonly at: Date;
}

/** What a meter's register can do. */
export interface MeterLimits {
  /**
   * The highest value the register shows before wrapping to 0, in base units:
   * 999999.99 kWh → 999_999_990 Wh for DL/T 645's XXXXXX.XX kWh.
   */
  readonly rolloverAtBaseUnits: number;
  /** The most a meter can plausibly count in an hour, in base units (e.g. a 60 A breaker at 220 V: 13_200 Wh). */
  readonly maxPlausiblePerHour: number;
  /** The register's step, in base units: 0.01 kWh → 10 Wh, 0.01 m³ → 10 L. Default 10. */
  readonly resolutionBaseUnits?: number;
}

/** Both DL/T 645 (XXXXXX.XX kWh) and CJ/T 188 (XXXXXX.XX m³) registers top out at 999999.99 units. */
export const DEFAULT_ROLLOVER_AT_BASE_UNITS = { electricity: 999_999_990, water: 999_999_990 } as const;
/** Both protocols count in hundredths of a kWh or m³: 10 Wh or 10 L. */
export const DEFAULT_RESOLUTION_BASE_UNITS = 10;

/**
 * Why a reading is quarantined: the register misbehaved (`negative`,
 * `implausible_jump`, `out_of_range`), its time cannot be trusted
 * (`time_out_of_range`), or it cannot be priced (`before_tenancy`,
 * `interval_too_long`, `no_tariff`), or it is older than the meter's last
 * reading by more than the history window (`outside_history_window`).
 */
export type AnomalyReason =
  | 'negative'
  | 'implausible_jump'
  | 'out_of_range'
  | 'time_out_of_range'
  | 'before_tenancy'
  | 'interval_too_long'
  | 'no_tariff'
  | 'outside_history_window';

/** The earliest instant a reading may carry (CONTRACT: 2000-01-01, Beijing time). */
export const EARLIEST_READING_MS = Date.parse('2000-01-01T00:00:00+08:00');
/** How far past its receipt a reading may be dated (CONTRACT: one day, for meter clocks running fast). */
export const READING_FUTURE_SLACK_MS = 86_400_000;

/**
 * True when `at` is a time a reading received at `receivedAt` may carry:
 * a valid instant from 2000-01-01 to one day after receipt. Anything else
 * (a meter clock reset to 1970 or run to 2199, a platform timestamp in the
 * wrong unit) is quarantined, never a baseline or a last reading.
 */
export function isReadingTimeInBounds(at: Date, receivedAt: Date): boolean {
  const ms = at instanceof Date ? at.getTime() : Number.NaN;
  return Number.isFinite(ms) && ms >= EARLIEST_READING_MS && ms <= receivedAt.getTime() + READING_FUTURE_SLACK_MS;
}

/** What a reading means. Only `consumption` and `rollover` bill; anomalies are stored, not billed. */
export type ReadingAssessment =
  | { readonly kind: 'baseline' }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'stale' }
  | { readonly kind: 'consumption'; readonly quantity: number }
  | { readonly kind: 'rollover'; readonly quantity: number }
  | { readonly kind: 'anomaly'; readonly reason: AnomalyReason };

const HOUR_MS = 3_600_000;

/** True for the assessments that bill a quantity. */
export function isBillable(
  assessment: ReadingAssessment,
): assessment is Extract<ReadingAssessment, { kind: 'consumption' | 'rollover' }> {
  return assessment.kind === 'consumption' || assessment.kind === 'rollover';
}

/** True when the reading becomes the meter's new "previous": a baseline or a billed reading. */
export function advancesBaseline(assessment: ReadingAssessment): boolean {
  return assessment.kind === 'baseline' || isBillable(assessment);
}

/**
 * Could the meter have counted `quantity` in `elapsedMs`? The allowance is at
 * least one hour's worth, so the register's step and clock jitter on readings
 * minutes apart are not taken for jumps.
 */
function plausible(quantity: number, elapsedMs: number, meter: MeterLimits): boolean {
  return BigInt(quantity) * BigInt(HOUR_MS) <= BigInt(meter.maxPlausiblePerHour) * BigInt(Math.max(elapsedMs, HOUR_MS));
}

function inRange(value: number, meter: MeterLimits): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value <= meter.rolloverAtBaseUnits;
}

/**
 * Assesses `next` against `previous`, the last reading the meter accepted
 * (null for a meter that has none yet).
 *
 * - no previous → `baseline` (sets the starting point, bills nothing);
 * - same instant and value → `duplicate` (the same packet again);
 * - not after `previous` → `stale` (older or conflicting: bills nothing);
 * - value ≥ previous → `consumption` of the difference, unless more than the
 *   meter can count in the time → anomaly `implausible_jump`;
 * - value < previous → `rollover` when wrapping past `rolloverAtBaseUnits`
 *   explains it with a plausible quantity (the previous value was near the
 *   top), otherwise anomaly `negative`;
 * - a value the register cannot show → anomaly `out_of_range`.
 *
 * Anomalies do not advance the baseline (see `advancesBaseline`).
 *
 * @throws RangeError for an invalid Date or meter limits (programmer errors).
 */
export function assessReading(previous: ReadingPoint | null, next: ReadingPoint, meter: MeterLimits): ReadingAssessment {
  checkLimits(meter);
  const nextMs = instant(next.at);
  if (!inRange(next.value, meter)) return { kind: 'anomaly', reason: 'out_of_range' };
  if (previous === null) return { kind: 'baseline' };
  const previousMs = instant(previous.at);
  if (nextMs === previousMs && next.value === previous.value) return { kind: 'duplicate' };
  if (nextMs <= previousMs) return { kind: 'stale' };
  const elapsedMs = nextMs - previousMs;
  if (next.value >= previous.value) {
    const quantity = next.value - previous.value;
    return plausible(quantity, elapsedMs, meter) ? { kind: 'consumption', quantity } : { kind: 'anomaly', reason: 'implausible_jump' };
  }
  const resolution = meter.resolutionBaseUnits ?? DEFAULT_RESOLUTION_BASE_UNITS;
  const wrapped = meter.rolloverAtBaseUnits - previous.value + resolution + next.value;
  if (previous.value <= meter.rolloverAtBaseUnits && plausible(wrapped, elapsedMs, meter)) return { kind: 'rollover', quantity: wrapped };
  return { kind: 'anomaly', reason: 'negative' };
}

function instant(at: Date): number {
  const ms = at instanceof Date ? at.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError('A reading time must be a valid Date');
  return ms;
}

function checkLimits(meter: MeterLimits): void {
  const { rolloverAtBaseUnits, maxPlausiblePerHour, resolutionBaseUnits = DEFAULT_RESOLUTION_BASE_UNITS } = meter;
  for (const [name, value] of Object.entries({ rolloverAtBaseUnits, maxPlausiblePerHour, resolutionBaseUnits })) {
    if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive safe integer, got ${value}`);
  }
}
