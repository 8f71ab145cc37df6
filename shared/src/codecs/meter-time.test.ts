import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeOptionalMeterTime, encodeMeterTime, isValidMeterTime, meterTimeFromDate, meterTimeToDate } from './meter-time';
import { meterTime } from './test-arbitraries';

describe('meter time', () => {
  it('reads an instant as the Beijing wall clock a meter shows, the exact inverse of meterTimeToDate', () => {
    expect(meterTimeFromDate(new Date('2015-05-11T14:01:31Z'))).toEqual({ year: 2015, month: 5, day: 11, hour: 22, minute: 1, second: 31 });
    fc.assert(
      fc.property(meterTime(2000, 2099), (time) => {
        expect(meterTimeFromDate(meterTimeToDate(time))).toEqual(time);
      }),
    );
  });

  it('round-trips 6-byte (2-digit year) and 7-byte (4-digit year) BCD clocks', () => {
    fc.assert(
      fc.property(meterTime(), (time) => {
        expect(decodeOptionalMeterTime(encodeMeterTime(time))).toEqual(time);
        expect(decodeOptionalMeterTime(encodeMeterTime(time, true), true)).toEqual(time);
      }),
    );
  });

  it('writes ss mm hh DD MM YY, and the 4-digit year low pair first', () => {
    const time = { year: 2018, month: 5, day: 12, hour: 15, minute: 41, second: 24 };
    expect(Array.from(encodeMeterTime(time))).toEqual([0x24, 0x41, 0x15, 0x12, 0x05, 0x18]);
    expect(Array.from(encodeMeterTime(time, true))).toEqual([0x24, 0x41, 0x15, 0x12, 0x05, 0x18, 0x20]);
  });

  it('reads a 0xFF-filled, non-BCD or impossible clock as not provided', () => {
    expect(decodeOptionalMeterTime(new Uint8Array(7).fill(0xff), true)).toBeNull();
    expect(decodeOptionalMeterTime(Uint8Array.of(0x5a, 0, 0, 1, 1, 0x26, 0x20), true)).toBeNull();
    expect(decodeOptionalMeterTime(Uint8Array.of(0, 0, 0, 0x30, 0x02, 0x26, 0x20), true)).toBeNull();
  });

  it('knows leap years', () => {
    const feb29 = (year: number) => ({ year, month: 2, day: 29, hour: 0, minute: 0, second: 0 });
    expect([2000, 2024, 1900, 2026].map((year) => isValidMeterTime(feb29(year)))).toEqual([true, true, false, false]);
  });

  it('reads a meter clock as Beijing time', () => {
    expect(meterTimeToDate({ year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0 }).toISOString()).toBe('2025-12-31T16:00:00.000Z');
  });
});
