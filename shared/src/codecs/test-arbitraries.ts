import fc from 'fast-check';
import type { MeterLocalTime } from './meter-time';

/**
 * fast-check arbitraries shared by the codec tests. Test-only: nothing in the
 * codecs' public face imports this file.
 */

const bcdPair = fc.integer({ min: 0, max: 99 }).map((n) => n.toString().padStart(2, '0'));

/** An address of `length` bytes: BCD pairs, now and then the AA wildcard. */
export const meterAddress = (length: number) =>
  fc
    .array(fc.oneof({ weight: 9, arbitrary: bcdPair }, { weight: 1, arbitrary: fc.constant('AA') }), {
      minLength: length,
      maxLength: length,
    })
    .map((pairs) => pairs.join(''));

/** A real calendar second between `minYear` and `maxYear`. */
export const meterTime = (minYear = 2000, maxYear = 2099): fc.Arbitrary<MeterLocalTime> =>
  fc.date({ min: new Date(Date.UTC(minYear, 0, 1)), max: new Date(Date.UTC(maxYear, 11, 31, 23, 59, 59)), noInvalidDate: true }).map((d) => ({
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  }));

/**
 * Mutations of a valid frame: flip a byte, drop a byte, insert a byte, cut the
 * tail, or append garbage. What a noisy link or a broken meter sends.
 */
export const mutatedFrame = (frame: Uint8Array) =>
  fc
    .tuple(
      fc.constantFrom('flip', 'drop', 'insert', 'cut', 'append'),
      fc.nat({ max: Math.max(0, frame.length - 1) }),
      fc.integer({ min: 0, max: 255 }),
      fc.uint8Array({ minLength: 1, maxLength: 4 }),
    )
    .map(([kind, at, byte, extra]) => {
      const bytes = Array.from(frame);
      if (kind === 'flip') bytes[at] = byte;
      if (kind === 'drop') bytes.splice(at, 1);
      if (kind === 'insert') bytes.splice(at, 0, byte);
      if (kind === 'cut') bytes.length = at;
      if (kind === 'append') bytes.push(...extra);
      return Uint8Array.from(bytes);
    });
