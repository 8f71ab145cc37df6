/**
 * Seasons of a time-of-use tariff: sets of local calendar dates, given either
 * as whole months or as an inclusive month-day range that may wrap across the
 * new year (`12-01` → `02-28`). A local day belongs to a season as a whole,
 * from 00:00 to 24:00 Asia/Shanghai.
 */

interface SeasonDatesLike {
  readonly months?: readonly number[] | undefined;
  readonly fromMonthDay?: string | undefined;
  readonly toMonthDay?: string | undefined;
}

const DAYS_IN_MONTH_OF_LEAP_YEAR = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** 'MM-DD' → month × 100 + day (07-15 → 715). The schema has checked the shape. */
export function monthDayKey(text: string): number {
  const [month, day] = text.split('-').map(Number);
  return (month ?? 0) * 100 + (day ?? 0);
}

/** True when 'MM-DD' names a day that exists in some year (02-29 included). */
export function isRealMonthDay(text: string): boolean {
  const key = monthDayKey(text);
  const month = Math.trunc(key / 100);
  const day = key % 100;
  const length = DAYS_IN_MONTH_OF_LEAP_YEAR[month - 1];
  return length !== undefined && day >= 1 && day <= length;
}

/** Does the local date (`month` 1..12, `day` 1..31) fall in the season? */
export function seasonContains(season: SeasonDatesLike, month: number, day: number): boolean {
  if (season.months) return season.months.includes(month);
  if (season.fromMonthDay === undefined || season.toMonthDay === undefined) return false;
  const key = month * 100 + day;
  const from = monthDayKey(season.fromMonthDay);
  const to = monthDayKey(season.toMonthDay);
  return from <= to ? key >= from && key <= to : key >= from || key <= to;
}

/**
 * The first pair of seasons sharing a date (checked over every day of a leap
 * year), or null: a date in two seasons would make the schedule ambiguous.
 */
export function overlappingSeasons(seasons: readonly SeasonDatesLike[]): { first: number; second: number; date: string } | null {
  for (const [monthIndex, length] of DAYS_IN_MONTH_OF_LEAP_YEAR.entries()) {
    for (let day = 1; day <= length; day += 1) {
      const holders = seasons.flatMap((season, index) => (seasonContains(season, monthIndex + 1, day) ? [index] : []));
      const [first, second] = holders;
      if (first !== undefined && second !== undefined) {
        const date = `${String(monthIndex + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        return { first, second, date };
      }
    }
  }
  return null;
}
