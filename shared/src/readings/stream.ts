import { AppError } from '../errors';
import { advancesBaseline, assessReading, isBillable, type MeterLimits, type ReadingAssessment, type ReadingPoint } from './assess';

/** The outcome of feeding readings, in delivery order, to one meter. */
export interface StreamBill {
  /** Sum of the quantities of `consumption` and `rollover` readings, in base units. */
  readonly billedQuantity: number;
  /** The last accepted reading (highest time so far), the "previous" of the next one. */
  readonly last: ReadingPoint | null;
  /** One assessment per reading, in delivery order. */
  readonly outcomes: readonly ReadingAssessment[];
}

/**
 * Feeds readings to a meter in the order they were delivered, the way the
 * billing service does: each is assessed against the last accepted reading,
 * only `consumption` and `rollover` bill, and only those (and the first
 * reading, the baseline) become the new "previous". Duplicates, stale and
 * anomalous readings change nothing.
 *
 * @example billStream([{ value: 0, at: t0 }, { value: 500, at: t1 }, { value: 500, at: t1 }], limits).billedQuantity // 500
 */
export function billStream(readings: readonly ReadingPoint[], meter: MeterLimits, previous: ReadingPoint | null = null): StreamBill {
  let last = previous;
  let billedQuantity = 0;
  const outcomes: ReadingAssessment[] = [];
  for (const reading of readings) {
    const outcome = assessReading(last, reading, meter);
    outcomes.push(outcome);
    if (isBillable(outcome)) billedQuantity += outcome.quantity;
    if (advancesBaseline(outcome)) last = reading;
  }
  return { billedQuantity, last, outcomes };
}

/** A meter swapped for a new one: what is known when the swap is recorded. */
export interface MeterReplacement {
  /** The old meter's last accepted reading, or null if it never reported. */
  readonly previous: ReadingPoint | null;
  /** The old meter's final reading, taken when it was removed. */
  readonly oldFinal: ReadingPoint;
  /** The new meter's first reading, taken when it was installed. */
  readonly newFirst: ReadingPoint;
  /** The old meter's limits (the new one's apply from its baseline on). */
  readonly oldMeter: MeterLimits;
}

/**
 * Meter replacement: the old meter is billed up to its final reading (assessed
 * like any reading against its last accepted one), and the new meter's first
 * reading is a baseline that bills nothing; later readings are assessed
 * against it. Consumption between removal and installation, if any, is not
 * metered and so not billed.
 *
 * @returns `final`, the old meter's final assessment (bill it if billable), and
 *   `baseline`, the new "previous".
 * @throws AppError `reading.invalid_replacement` (400) when the new meter's
 *   first reading predates the old meter's final one or its last accepted reading.
 */
export function replacementBaseline(replacement: MeterReplacement): { final: ReadingAssessment; baseline: ReadingPoint } {
  const { previous, oldFinal, newFirst, oldMeter } = replacement;
  const final = assessReading(previous, oldFinal, oldMeter);
  const newFirstMs = newFirst.at.getTime();
  const notBefore = Math.max(oldFinal.at.getTime(), previous?.at.getTime() ?? Number.NEGATIVE_INFINITY);
  if (Number.isNaN(newFirstMs) || newFirstMs < notBefore) {
    throw new AppError('reading.invalid_replacement', 400, 'The new meter cannot start before the old one stopped', {
      details: { field: 'newFirst.at' },
    });
  }
  if (!Number.isSafeInteger(newFirst.value) || newFirst.value < 0) {
    throw new AppError('reading.invalid_replacement', 400, 'The new meter reading must be a whole number of base units', {
      details: { field: 'newFirst.value' },
    });
  }
  return { final, baseline: newFirst };
}
