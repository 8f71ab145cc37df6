import { describe, expect, it } from 'vitest';
import { reportRange } from './report-periods';

describe('report periods', () => {
  // 2027-01-01 02:00 in Beijing is still 2026-12-31 in UTC.
  const now = new Date('2026-12-31T18:00:00Z');

  it('counts in Beijing days', () => {
    expect(reportRange('week', now)).toEqual({ from: '2026-12-26', to: '2027-01-01', grain: 'day' });
    expect(reportRange('month', now)).toEqual({ from: '2027-01-01', to: '2027-01-01', grain: 'day' });
    expect(reportRange('year', now)).toEqual({ from: '2027-01-01', to: '2027-01-01', grain: 'month' });
  });

  it('takes last month whole, across a year’s end and in February', () => {
    expect(reportRange('lastMonth', now)).toEqual({ from: '2026-12-01', to: '2026-12-31', grain: 'day' });
    expect(reportRange('lastMonth', new Date('2028-03-10T00:00:00Z'))).toEqual({ from: '2028-02-01', to: '2028-02-29', grain: 'day' });
  });
});
