/**
 * Calendar arithmetic in the business time zone, Asia/Shanghai.
 *
 * China has observed no daylight saving time since 1991, so for every instant
 * this platform bills, Shanghai local time is exactly UTC+8: local calendar
 * fields are the UTC fields of the epoch plus 8 hours. No Intl, no time zone
 * database and no date library are needed, and the result does not depend on
 * the machine's time zone.
 */

export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

/** Local calendar fields of an instant in Asia/Shanghai. */
export interface ShanghaiCalendar {
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  /** 1..31 */
  readonly day: number;
  /** Minutes since local midnight, 0..1439. */
  readonly minuteOfDay: number;
}

/** The epoch milliseconds of a valid Date; anything else is a programmer error. */
export function epochMs(at: Date, name = 'date'): number {
  if (!(at instanceof Date)) throw new TypeError(`${name} must be a Date`);
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${name} is an invalid Date`);
  return ms;
}

/** Local calendar fields of `atMs` (epoch milliseconds) in Asia/Shanghai. */
export function shanghaiCalendar(atMs: number): ShanghaiCalendar {
  const local = new Date(atMs + SHANGHAI_OFFSET_MS);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    minuteOfDay: local.getUTCHours() * 60 + local.getUTCMinutes(),
  };
}

/**
 * The instant of local midnight starting the given Shanghai date. Months and
 * days out of range roll over as in `Date.UTC` (month 13 is January next year).
 */
export function shanghaiMidnightMs(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) - SHANGHAI_OFFSET_MS;
}

/** The instant of the local midnight at or before `atMs`. */
export function startOfShanghaiDayMs(atMs: number): number {
  return Math.floor((atMs + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
}
