import { describe, expect, it } from 'vitest';
import { expectedDelivery } from './eta';

const at = (hhmm: string) => new Date(`2026-12-02T${hhmm}:00+08:00`);
const HOUR = 3_600_000;

describe('expectedDelivery', () => {
  it("is the meter's first report after the command was queued", () => {
    expect(expectedDelivery({ queuedAt: at('14:10'), lastReportAt: at('14:00'), reportIntervalMs: HOUR, now: at('14:10') })).toEqual(at('15:00'));
    expect(expectedDelivery({ queuedAt: at('16:20'), lastReportAt: at('14:00'), reportIntervalMs: HOUR, now: at('16:20') })).toEqual(at('17:00'));
  });

  it('is one interval on for a meter that never reported or is overdue', () => {
    expect(expectedDelivery({ queuedAt: at('14:10'), lastReportAt: null, reportIntervalMs: HOUR, now: at('14:10') })).toEqual(at('15:10'));
    // Due at 15:00, and it is 15:30 now with no report: one interval from now.
    expect(expectedDelivery({ queuedAt: at('14:10'), lastReportAt: at('14:00'), reportIntervalMs: HOUR, now: at('15:30') })).toEqual(at('16:30'));
  });
});
