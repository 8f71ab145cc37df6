import { describe, expect, it } from 'vitest';
import { clockMinutes, daySegments, scheduleCoverageIssue } from './schedule';

describe('schedule', () => {
  it('reads clock times, 24:00 included', () => {
    expect(clockMinutes('00:00')).toBe(0);
    expect(clockMinutes('22:30')).toBe(1350);
    expect(clockMinutes('24:00')).toBe(1440);
  });

  it('cuts an entry that wraps across midnight into two segments of the day', () => {
    const segments = daySegments([
      { from: '08:00', to: '22:00', period: 'peak' },
      { from: '22:00', to: '08:00', period: 'valley' },
    ]);
    expect(segments).toEqual([
      { startMinute: 0, endMinute: 480, period: 'valley' },
      { startMinute: 480, endMinute: 1320, period: 'peak' },
      { startMinute: 1320, endMinute: 1440, period: 'valley' },
    ]);
  });

  it('treats from = to as the whole day', () => {
    expect(daySegments([{ from: '06:00', to: '06:00', period: 'flat' }])).toEqual([
      { startMinute: 360, endMinute: 1440, period: 'flat' },
      { startMinute: 0, endMinute: 360, period: 'flat' },
    ].sort((a, b) => a.startMinute - b.startMinute));
    expect(scheduleCoverageIssue([{ from: '06:00', to: '06:00', period: 'flat' }])).toBeNull();
  });

  it('finds gaps and overlaps to the minute', () => {
    expect(scheduleCoverageIssue([{ from: '00:00', to: '23:59', period: 'flat' }])).toMatchObject({
      index: null,
      message: expect.stringContaining('23:59'),
    });
    expect(
      scheduleCoverageIssue([
        { from: '00:00', to: '12:00', period: 'flat' },
        { from: '11:59', to: '00:00', period: 'peak' },
      ]),
    ).toMatchObject({ index: 1, message: expect.stringContaining('11:59') });
  });
});
