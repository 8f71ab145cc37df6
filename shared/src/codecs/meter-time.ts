import { decodeBcd, encodeBcd } from './bcd';
import { isAllFF } from './bytes';
import { CodecError } from './codec-error';

/**
 * A meter's clock: local calendar fields with no time zone, as meters keep it.
 * Chinese meters are set to Beijing time (UTC+8, no daylight saving).
 */
export interface MeterLocalTime {
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  /** 1..31, valid for the month */
  readonly day: number;
  /** 0..23 */
  readonly hour: number;
  /** 0..59 */
  readonly minute: number;
  /** 0..59 */
  readonly second: number;
}

/** Beijing time, the clock Chinese meters keep: UTC+8 all year. */
export const METER_CLOCK_OFFSET_MS = 8 * 3_600_000;

/** True when the fields name a real second of the Gregorian calendar. */
export function isValidMeterTime(time: MeterLocalTime): boolean {
  const { year, month, day, hour, minute, second } = time;
  const fields = [year, month, day, hour, minute, second];
  if (!fields.every((n) => Number.isInteger(n))) return false;
  if (month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return false;
  if (second < 0 || second > 59 || year < 0 || year > 9999) return false;
  return day <= daysInMonth(year, month);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/**
 * The instant a meter's local time names, its clock being `offsetMs` ahead of
 * UTC (Beijing time by default).
 *
 * @example meterTimeToDate({ year: 2015, month: 5, day: 11, hour: 22, minute: 1, second: 31 }) // 2015-05-11T14:01:31Z
 */
export function meterTimeToDate(time: MeterLocalTime, offsetMs = METER_CLOCK_OFFSET_MS): Date {
  const utc = new Date(0);
  utc.setUTCFullYear(time.year, time.month - 1, time.day);
  utc.setUTCHours(time.hour, time.minute, time.second, 0);
  return new Date(utc.getTime() - offsetMs);
}

/**
 * The local time a meter whose clock is `offsetMs` ahead of UTC (Beijing time
 * by default) shows at `at`, to the second: the inverse of `meterTimeToDate`.
 *
 * @example meterTimeFromDate(new Date('2015-05-11T14:01:31Z')) // { year: 2015, month: 5, day: 11, hour: 22, minute: 1, second: 31 }
 */
export function meterTimeFromDate(at: Date, offsetMs = METER_CLOCK_OFFSET_MS): MeterLocalTime {
  const local = new Date(at.getTime() + offsetMs);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/**
 * Writes a time as BCD, least significant field first: `ss mm hh DD MM YY`
 * (6 bytes, years 2000–2099, DL/T 645) or, with `fourDigitYear`,
 * `ss mm hh DD MM YY YY` (7 bytes, the year's low pair first, CJ/T 188).
 *
 * @throws CodecError `invalid_argument` for a time that is not a real calendar
 *   second, or a year a 2-digit field cannot hold.
 */
export function encodeMeterTime(time: MeterLocalTime, fourDigitYear = false): Uint8Array {
  if (typeof time !== 'object' || time === null || !isValidMeterTime(time)) {
    throw new CodecError('invalid_argument', 'not a valid meter time', { details: { field: 'time' } });
  }
  if (!fourDigitYear && (time.year < 2000 || time.year > 2099)) {
    throw new CodecError('invalid_argument', 'a 2-digit meter year must be in 2000..2099', { details: { field: 'year' } });
  }
  const year = fourDigitYear ? encodeBcd(time.year, 2) : encodeBcd(time.year - 2000, 1);
  const fields = [time.second, time.minute, time.hour, time.day, time.month].map((n) => encodeBcd(n, 1)[0] ?? 0);
  return Uint8Array.of(...fields, ...year);
}

/**
 * Reads an optional meter clock written by {@link encodeMeterTime}. A clock
 * filled with `0xFF` is "not provided"; so is one that is not BCD or not a real
 * calendar second: nothing is billed from it, so it does not void the frame.
 */
export function decodeOptionalMeterTime(bytes: Uint8Array, fourDigitYear = false): MeterLocalTime | null {
  const length = fourDigitYear ? 7 : 6;
  if (bytes.length !== length || isAllFF(bytes)) return null;
  try {
    const year = fourDigitYear ? decodeBcd(bytes, 5, 2) : 2000 + decodeBcd(bytes, 5, 1);
    const [second, minute, hour, day, month] = [0, 1, 2, 3, 4].map((i) => decodeBcd(bytes, i, 1));
    const time = { year, month: month ?? 0, day: day ?? 0, hour: hour ?? 0, minute: minute ?? 0, second: second ?? 0 };
    return isValidMeterTime(time) ? time : null;
  } catch (error) {
    if (error instanceof CodecError) return null;
    throw error;
  }
}
