import { CodecError } from '../codec-error';
import { isValidMeterTime } from '../meter-time';

/** IoTDA's `yyyyMMdd'T'HHmmss'Z'`, always UTC. */
const IOTDA_TIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/**
 * Reads an IoTDA event time (`20261121T080000Z`) as an instant.
 *
 * @throws CodecError `invalid_payload` naming `field` for another format or a date that does not exist.
 * @example parseIotdaEventTime('20261121T080000Z') // 2026-11-21T08:00:00.000Z
 */
export function parseIotdaEventTime(text: unknown, field = 'event_time'): Date {
  const match = typeof text === 'string' ? IOTDA_TIME.exec(text) : null;
  const [year, month, day, hour, minute, second] = (match?.slice(1) ?? []).map(Number);
  const time = { year: year ?? 0, month: month ?? 0, day: day ?? 0, hour: hour ?? 0, minute: minute ?? 0, second: second ?? 0 };
  if (!match || !isValidMeterTime(time)) {
    throw new CodecError('invalid_payload', `${field} must be yyyyMMddTHHmmssZ`, { details: { field } });
  }
  return new Date(Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second));
}
