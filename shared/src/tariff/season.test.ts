import { describe, expect, it } from 'vitest';
import { isRealMonthDay, overlappingSeasons, seasonContains } from './season';

describe('season', () => {
  it('contains whole months or an inclusive date range, wrapping across the new year', () => {
    expect(seasonContains({ months: [7, 8] }, 8, 31)).toBe(true);
    expect(seasonContains({ months: [7, 8] }, 9, 1)).toBe(false);
    const winter = { fromMonthDay: '12-15', toMonthDay: '02-15' };
    expect(seasonContains(winter, 12, 15)).toBe(true);
    expect(seasonContains(winter, 1, 31)).toBe(true);
    expect(seasonContains(winter, 2, 15)).toBe(true);
    expect(seasonContains(winter, 2, 16)).toBe(false);
    expect(seasonContains(winter, 12, 14)).toBe(false);
  });

  it('knows real month-days', () => {
    expect(isRealMonthDay('02-29')).toBe(true);
    expect(isRealMonthDay('02-30')).toBe(false);
    expect(isRealMonthDay('04-31')).toBe(false);
    expect(isRealMonthDay('13-01')).toBe(false);
    expect(isRealMonthDay('00-10')).toBe(false);
  });

  it('finds the first date two seasons share', () => {
    expect(overlappingSeasons([{ months: [7, 8] }, { fromMonthDay: '09-01', toMonthDay: '06-30' }])).toBeNull();
    const overlap = overlappingSeasons([{ months: [7, 8] }, { fromMonthDay: '08-31', toMonthDay: '09-30' }]);
    expect(overlap).toEqual({ first: 0, second: 1, date: '08-31' });
  });
});
