/**
 * Daily time-of-use schedules: entries `{from:'HH:MM', to:'HH:MM', period}`
 * that must cover the 24 hours of a local day exactly once. An entry whose
 * `to` is not after its `from` wraps across midnight (22:00 → 08:00); `24:00`
 * may end an entry; `from` equal to `to` is a whole day.
 */

export const MINUTES_PER_DAY = 1440;

/** A piece of the local day, `[startMinute, endMinute)`, that never wraps. */
export interface DaySegment<P extends string> {
  readonly startMinute: number;
  readonly endMinute: number;
  readonly period: P;
}

interface ScheduleEntryLike<P extends string> {
  readonly from: string;
  readonly to: string;
  readonly period: P;
}

/** 'HH:MM' → minutes since midnight ('24:00' → 1440). The schema has checked the shape. */
export function clockMinutes(text: string): number {
  const [hours, minutes] = text.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

function entryLength(entry: ScheduleEntryLike<string>): { start: number; length: number } {
  const start = clockMinutes(entry.from);
  const end = clockMinutes(entry.to);
  return { start, length: end > start ? end - start : end + MINUTES_PER_DAY - start };
}

/**
 * Why a schedule does not cover the day exactly once, or null when it does.
 * Works on the minute grid, which is exact since times are whole minutes.
 */
export function scheduleCoverageIssue(
  entries: readonly ScheduleEntryLike<string>[],
): { readonly index: number | null; readonly message: string } | null {
  const owner = new Array<number>(MINUTES_PER_DAY).fill(-1);
  for (const [index, entry] of entries.entries()) {
    const { start, length } = entryLength(entry);
    for (let k = 0; k < length; k += 1) {
      const minute = (start + k) % MINUTES_PER_DAY;
      if (owner[minute] !== -1) {
        return { index, message: `overlaps entry ${owner[minute]} at ${formatMinute(minute)}` };
      }
      owner[minute] = index;
    }
  }
  const gap = owner.indexOf(-1);
  return gap === -1 ? null : { index: null, message: `does not cover ${formatMinute(gap)}: the 24 hours must be covered exactly once` };
}

/** The schedule cut at midnight and sorted: the segments of one local day. */
export function daySegments<P extends string>(entries: readonly ScheduleEntryLike<P>[]): DaySegment<P>[] {
  const segments: DaySegment<P>[] = [];
  for (const entry of entries) {
    const { start, length } = entryLength(entry);
    const end = start + length;
    segments.push({ startMinute: start, endMinute: Math.min(end, MINUTES_PER_DAY), period: entry.period });
    if (end > MINUTES_PER_DAY) segments.push({ startMinute: 0, endMinute: end - MINUTES_PER_DAY, period: entry.period });
  }
  return segments.sort((a, b) => a.startMinute - b.startMinute);
}

function formatMinute(minute: number): string {
  const hours = Math.trunc(minute / 60).toString().padStart(2, '0');
  return `${hours}:${(minute % 60).toString().padStart(2, '0')}`;
}
