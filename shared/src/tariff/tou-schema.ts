import * as z from 'zod';
import { scheduleCoverageIssue } from './schedule';
import { isRealMonthDay, overlappingSeasons } from './season';
import { PriceText, TariffComponents, TariffName, TariffUtility } from './common-schema';

/** The five periods of 尖峰平谷 + 深谷: sharp (尖峰), peak (峰), flat (平), valley (谷), deepValley (深谷). */
export const TOU_PERIODS = ['sharp', 'peak', 'flat', 'valley', 'deepValley'] as const;
/** A time-of-use period name; also the key of the meter's rate registers once mapped. */
export const TouPeriod = z.enum(TOU_PERIODS);
export type TouPeriod = z.infer<typeof TouPeriod>;

/** Prices of the periods used, 1 to 5 of them. */
export const TouPeriodPrices = z
  .partialRecord(TouPeriod, PriceText)
  .refine((prices) => Object.keys(prices).length > 0, 'must price at least one period');
export type TouPeriodPrices = z.infer<typeof TouPeriodPrices>;

/** `[from, to)` local time in one period; `to` ≤ `from` wraps across midnight, `24:00` may end an entry. */
export const TouScheduleEntry = z.strictObject({
  from: z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM, 00:00 to 23:59'),
  to: z.string().regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be HH:MM, 00:00 to 24:00'),
  period: TouPeriod,
});
export type TouScheduleEntry = z.infer<typeof TouScheduleEntry>;

/** A day's schedule: entries covering the 24 local hours exactly once (wrapping across midnight allowed). */
export const TouSchedule = z
  .array(TouScheduleEntry)
  .min(1)
  .max(48)
  .superRefine((entries, ctx) => {
    const issue = scheduleCoverageIssue(entries);
    if (issue) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.index === null ? [] : [issue.index] });
  });

const MonthDay = z
  .string()
  .regex(/^\d{2}-\d{2}$/, 'must be MM-DD')
  .refine(isRealMonthDay, 'must be a real month and day');

/**
 * A season overriding the base schedule (and optionally some prices) on its
 * dates: `months` (1..12) or an inclusive `fromMonthDay`..`toMonthDay` range.
 */
export const TouSeason = z
  .strictObject({
    name: z.string().trim().min(1).max(40),
    months: z.array(z.int().min(1).max(12)).min(1).max(12).optional(),
    fromMonthDay: MonthDay.optional(),
    toMonthDay: MonthDay.optional(),
    schedule: TouSchedule,
    periods: TouPeriodPrices.optional(),
  })
  .superRefine((season, ctx) => {
    const hasRange = season.fromMonthDay !== undefined || season.toMonthDay !== undefined;
    if (season.months && hasRange) {
      ctx.addIssue({ code: 'custom', message: 'give months or fromMonthDay/toMonthDay, not both', path: ['months'] });
    } else if (!season.months && !hasRange) {
      ctx.addIssue({ code: 'custom', message: 'give months or fromMonthDay/toMonthDay', path: ['months'] });
    } else if (hasRange && (season.fromMonthDay === undefined || season.toMonthDay === undefined)) {
      const missing = season.fromMonthDay === undefined ? 'fromMonthDay' : 'toMonthDay';
      ctx.addIssue({ code: 'custom', message: 'a date range needs both ends', path: [missing] });
    } else if (season.months && new Set(season.months).size !== season.months.length) {
      ctx.addIssue({ code: 'custom', message: 'months must not repeat', path: ['months'] });
    }
  });
export type TouSeason = z.infer<typeof TouSeason>;

/**
 * A time-of-use tariff: period prices, a base daily schedule and optional
 * seasons (disjoint date sets, each with its own schedule and price overrides).
 * Every period a schedule uses must be priced by the season or the tariff.
 */
export const TouTariff = z
  .strictObject({
    name: TariffName,
    utility: TariffUtility,
    kind: z.literal('tou'),
    periods: TouPeriodPrices,
    schedule: TouSchedule,
    seasons: z.array(TouSeason).max(12).optional(),
    components: TariffComponents.optional(),
  })
  .superRefine((tariff, ctx) => {
    const unpriced = (schedule: readonly TouScheduleEntry[], extra: TouPeriodPrices = {}) =>
      schedule.findIndex((entry) => tariff.periods[entry.period] === undefined && extra[entry.period] === undefined);
    const baseGap = unpriced(tariff.schedule);
    if (baseGap !== -1) {
      ctx.addIssue({ code: 'custom', message: 'period has no price in periods', path: ['schedule', baseGap, 'period'] });
    }
    const seasons = tariff.seasons ?? [];
    seasons.forEach((season, index) => {
      const gap = unpriced(season.schedule, season.periods);
      if (gap !== -1) {
        const path = ['seasons', index, 'schedule', gap, 'period'];
        ctx.addIssue({ code: 'custom', message: 'period has no price in the season or the tariff', path });
      }
    });
    const names = seasons.map((season) => season.name);
    const repeated = names.findIndex((name, index) => names.indexOf(name) !== index);
    if (repeated !== -1) ctx.addIssue({ code: 'custom', message: 'season names must be unique', path: ['seasons', repeated, 'name'] });
    const overlap = overlappingSeasons(seasons);
    if (overlap) {
      const message = `${overlap.date} is in seasons ${overlap.first} and ${overlap.second}`;
      ctx.addIssue({ code: 'custom', message, path: ['seasons', overlap.second] });
    }
  });
export type TouTariff = z.infer<typeof TouTariff>;
