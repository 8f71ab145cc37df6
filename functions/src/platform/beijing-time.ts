/** China keeps Beijing time (UTC+8) all year: no daylight saving, so one fixed offset serves every date. */
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/**
 * A Date whose UTC fields read Beijing wall-clock time: `toBeijingWallClock(at).toISOString()`
 * is the Beijing time of `at` written with a (false) `Z`. Every Beijing helper derives from this.
 */
export function toBeijingWallClock(at: Date): Date {
  return new Date(at.getTime() + BEIJING_OFFSET_MS);
}

/**
 * RFC 3339 in Beijing time, as WeChat Pay writes and wants times
 * (`time_expire`, `success_time`, `create_time`): `2026-11-21T16:00:00+08:00`.
 * China has no daylight saving time, so the offset is fixed.
 */
export function formatBeijingTime(at: Date): string {
  return `${toBeijingWallClock(at).toISOString().slice(0, 19)}+08:00`;
}

/** The Beijing calendar day of `at`, `YYYY-MM-DD` (the day a trade bill files it under). */
export function beijingDate(at: Date): string {
  return toBeijingWallClock(at).toISOString().slice(0, 10);
}

/** The instant a Beijing day (`YYYY-MM-DD`) begins, as UTC ISO. */
export const beijingDayStart = (day: string): string => new Date(Date.parse(`${day}T00:00:00+08:00`)).toISOString();

/** The instant after a Beijing day ends (the next day's start), as UTC ISO: a range's exclusive end. */
export const beijingDayEnd = (day: string): string => new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000).toISOString();
