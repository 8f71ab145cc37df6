import { describe, expect, it } from 'vitest';
import { decodeCjt188Status, readingFromCjt188Answer, type Cjt188FlowAnswer } from '.';

const answer: Cjt188FlowAnswer = {
  kind: 'flow',
  meterType: 0x10,
  serial: 1,
  volumeL: 12_340,
  settlementVolumeL: null,
  meterTime: { year: 2026, month: 11, day: 21, hour: 16, minute: 0, second: 0 },
  status: decodeCjt188Status(0x0005),
};

describe('readingFromCjt188Answer', () => {
  it('gives litres, the meter clock read as Beijing time, and the status', () => {
    expect(readingFromCjt188Answer(answer)).toEqual({
      utility: 'water',
      totalBaseUnits: 12_340,
      at: new Date('2026-11-21T08:00:00Z'),
      status: { valve: 'closed', batteryLow: true, fault: false, raw: 5 },
    });
  });

  it('leaves `at` out when the meter gave no clock, and honours another clock offset', () => {
    expect(readingFromCjt188Answer({ ...answer, meterTime: null })).not.toHaveProperty('at');
    expect(readingFromCjt188Answer(answer, { clockOffsetMs: 0 }).at).toEqual(new Date('2026-11-21T16:00:00Z'));
  });

  it('refuses a gas meter as unsupported', () => {
    expect(() => readingFromCjt188Answer({ ...answer, meterType: 0x30 })).toThrow(expect.objectContaining({ reason: 'unsupported' }));
  });
});
