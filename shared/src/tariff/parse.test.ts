import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { parseTariff } from './parse';

const flat = { name: '平价', utility: 'electricity', kind: 'flat', price: '0.60' };
const tiered = {
  name: '阶梯',
  utility: 'electricity',
  kind: 'tiered',
  cycle: 'month',
  tiers: [
    { upTo: 240, price: '0.4883' },
    { upTo: 400, price: '0.5383' },
    { upTo: null, price: '0.7883' },
  ],
};
const tou = {
  name: '峰谷',
  utility: 'electricity',
  kind: 'tou',
  periods: { peak: '0.95', flat: '0.60', valley: '0.30' },
  schedule: [
    { from: '08:00', to: '22:00', period: 'peak' },
    { from: '22:00', to: '08:00', period: 'valley' },
  ],
};

/** The `details.field` of the AppError thrown by parsing `body`. */
function failedField(body: unknown): unknown {
  try {
    parseTariff(body);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'tariff.invalid', status: 400 });
    return (error as AppError).details?.field;
  }
  throw new Error('expected parseTariff to throw');
}

describe('parseTariff', () => {
  it('accepts the three CONTRACT.md examples as they are', () => {
    expect(parseTariff(flat)).toEqual(flat);
    expect(parseTariff(tiered)).toEqual(tiered);
    expect(parseTariff(tou)).toEqual(tou);
  });

  it('accepts components, seasons by months or by dates, five periods and whole-day entries', () => {
    const body = {
      ...tou,
      periods: { sharp: '1.20', peak: '0.95', flat: '0.60', valley: '0.30', deepValley: '0.20' },
      seasons: [
        { name: 'summer', months: [7, 8], schedule: [{ from: '00:00', to: '24:00', period: 'sharp' }] },
        {
          name: 'spring festival',
          fromMonthDay: '12-25',
          toMonthDay: '02-29',
          periods: { deepValley: '0.10' },
          schedule: [{ from: '06:00', to: '06:00', period: 'deepValley' }],
        },
      ],
      components: [{ name: '附加费', price: '0.01' }],
    };
    expect(parseTariff(body)).toEqual(body);
    expect(parseTariff({ ...flat, utility: 'water', components: [{ name: '污水处理费', price: '0.95' }] })).toBeTruthy();
    expect(parseTariff({ ...tiered, tiers: [{ upTo: 7.5, price: '1' }, { upTo: null, price: '2' }] })).toBeTruthy();
    expect(parseTariff({ ...tiered, tiers: [{ upTo: null, price: '1' }] })).toBeTruthy();
  });

  it.each([
    ['an unknown kind', { ...flat, kind: 'stepped' }, 'kind'],
    ['a missing kind', { name: 'x', utility: 'water', price: '1' }, 'kind'],
    ['a non-object', 'flat', ''],
    ['null', null, ''],
    ['an unknown utility', { ...flat, utility: 'gas' }, 'utility'],
    ['an empty name', { ...flat, name: '  ' }, 'name'],
    ['an unknown field', { ...flat, season: [] }, 'season'],
    ['a price with 5 decimals', { ...flat, price: '0.48831' }, 'price'],
    ['a numeric price', { ...flat, price: 0.6 }, 'price'],
    ['a negative price', { ...flat, price: '-1' }, 'price'],
    ['a bad component price', { ...flat, components: [{ name: 'x', price: '1e2' }] }, 'components.0.price'],
    ['repeated component names', { ...flat, components: [{ name: 'x', price: '1' }, { name: 'x', price: '2' }] }, 'components.1.name'],
  ])('refuses %s, naming the field', (_what, body, field) => {
    expect(failedField(body)).toBe(field);
  });

  it.each([
    ['no tiers', [], 'tiers'],
    ['a closed last tier', [{ upTo: 240, price: '1' }], 'tiers.0.upTo'],
    ['an open middle tier', [{ upTo: null, price: '1' }, { upTo: null, price: '2' }], 'tiers.0.upTo'],
    ['decreasing thresholds', [{ upTo: 400, price: '1' }, { upTo: 240, price: '1' }, { upTo: null, price: '1' }], 'tiers.1.upTo'],
    ['equal thresholds', [{ upTo: 240, price: '1' }, { upTo: 240, price: '1' }, { upTo: null, price: '1' }], 'tiers.1.upTo'],
    ['a zero threshold', [{ upTo: 0, price: '1' }, { upTo: null, price: '1' }], 'tiers.0.upTo'],
    ['a threshold finer than a base unit', [{ upTo: 1.0005, price: '1' }, { upTo: null, price: '1' }], 'tiers.0.upTo'],
    ['a string threshold', [{ upTo: '240', price: '1' }, { upTo: null, price: '1' }], 'tiers.0.upTo'],
  ])('refuses tiers with %s', (_what, tiers, field) => {
    expect(failedField({ ...tiered, tiers })).toBe(field);
  });

  it('refuses an unknown cycle', () => {
    expect(failedField({ ...tiered, cycle: 'week' })).toBe('cycle');
  });

  it.each([
    ['a gap', [{ from: '08:00', to: '22:00', period: 'peak' }], 'schedule'],
    [
      'an overlap',
      [
        { from: '08:00', to: '22:00', period: 'peak' },
        { from: '21:00', to: '08:00', period: 'valley' },
      ],
      'schedule.1',
    ],
    ['a bad clock time', [{ from: '8:00', to: '08:00', period: 'peak' }], 'schedule.0.from'],
    ['24:00 as a start', [{ from: '24:00', to: '24:00', period: 'peak' }], 'schedule.0.from'],
    ['minute 60', [{ from: '00:00', to: '23:60', period: 'peak' }], 'schedule.0.to'],
    ['an unknown period', [{ from: '00:00', to: '24:00', period: 'superPeak' }], 'schedule.0.period'],
    ['an unpriced period', [{ from: '00:00', to: '24:00', period: 'sharp' }], 'schedule.0.period'],
  ])('refuses a schedule with %s', (_what, schedule, field) => {
    expect(failedField({ ...tou, schedule })).toBe(field);
  });

  it('refuses period prices that are empty, unknown or malformed', () => {
    expect(failedField({ ...tou, periods: {} })).toBe('periods');
    expect(failedField({ ...tou, periods: { ...tou.periods, superPeak: '2' } })).toBe('periods.superPeak');
    expect(failedField({ ...tou, periods: { ...tou.periods, peak: '0.95000' } })).toBe('periods.peak');
  });

  it('refuses seasons that are ambiguous or malformed', () => {
    const schedule = [{ from: '00:00', to: '24:00', period: 'peak' }];
    const season = (extra: object) => ({ ...tou, seasons: [{ name: 'summer', schedule, ...extra }] });
    expect(failedField(season({}))).toBe('seasons.0.months');
    expect(failedField(season({ months: [7], fromMonthDay: '07-01', toMonthDay: '07-31' }))).toBe('seasons.0.months');
    expect(failedField(season({ fromMonthDay: '07-01' }))).toBe('seasons.0.toMonthDay');
    expect(failedField(season({ months: [13] }))).toBe('seasons.0.months.0');
    expect(failedField(season({ months: [7, 7] }))).toBe('seasons.0.months');
    expect(failedField(season({ fromMonthDay: '02-30', toMonthDay: '03-01' }))).toBe('seasons.0.fromMonthDay');
    expect(failedField(season({ months: [7], schedule: [{ from: '00:00', to: '24:00', period: 'sharp' }] }))).toBe(
      'seasons.0.schedule.0.period',
    );
    const overlapping = {
      ...tou,
      seasons: [
        { name: 'summer', months: [7, 8], schedule },
        { name: 'heat wave', fromMonthDay: '08-20', toMonthDay: '09-10', schedule },
      ],
    };
    expect(failedField(overlapping)).toBe('seasons.1');
    const twins = { ...tou, seasons: [{ name: 'a', months: [1], schedule }, { name: 'a', months: [2], schedule }] };
    expect(failedField(twins)).toBe('seasons.1.name');
  });

  it('lists the issues it found, each with its field', () => {
    try {
      parseTariff({ ...flat, price: 'x', utility: 'gas' });
      expect.unreachable();
    } catch (error) {
      const issues = (error as AppError).details?.issues as { field: string }[];
      expect(issues.map((issue) => issue.field).sort()).toEqual(['price', 'utility']);
      expect(JSON.stringify(error)).toContain('tariff.invalid');
    }
  });
});
