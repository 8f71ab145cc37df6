const BEIJING_OFFSET_MS = 8 * 3_600_000;

/**
 * RFC 3339 in Beijing time, as WeChat Pay writes and wants times
 * (`time_expire`, `success_time`, `create_time`): `2026-11-21T16:00:00+08:00`.
 * China has no daylight saving time, so the offset is fixed.
 */
export function formatBeijingTime(at: Date): string {
  return `${new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** The Beijing calendar day of `at`, `YYYY-MM-DD` (the day a trade bill files it under). */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}
