import { CodecError } from '../codec-error';
import type { DecodedReading } from '../decoded-reading';
import { meterTimeToDate, METER_CLOCK_OFFSET_MS } from '../meter-time';
import type { Cjt188Answer } from './answer';

/** A decoded current-data answer. */
export type Cjt188FlowAnswer = Extract<Cjt188Answer, { kind: 'flow' }>;

/**
 * The reading of a water meter's current-data answer: the cumulative volume in
 * litres, the meter's clock as `at` (Beijing time unless `clockOffsetMs` says
 * otherwise) and its status.
 *
 * @throws CodecError `unsupported` for a meter that is not a water meter (T outside 0x10–0x19).
 * @example readingFromCjt188Answer(answer)
 *   // { utility: 'water', totalBaseUnits: 12340, at: …, status: { valve: 'open', … } }
 */
export function readingFromCjt188Answer(
  answer: Cjt188FlowAnswer,
  options: { readonly clockOffsetMs?: number } = {},
): DecodedReading {
  if (answer.meterType < 0x10 || answer.meterType > 0x19) {
    throw new CodecError('unsupported', `CJ/T 188: meter type 0x${answer.meterType.toString(16)} is not a water meter`, {
      details: { meterType: answer.meterType },
    });
  }
  const { valve, batteryLow, fault, raw } = answer.status;
  return {
    utility: 'water',
    totalBaseUnits: answer.volumeL,
    ...(answer.meterTime ? { at: meterTimeToDate(answer.meterTime, options.clockOffsetMs ?? METER_CLOCK_OFFSET_MS) } : {}),
    status: { valve, batteryLow, fault, raw },
  };
}
