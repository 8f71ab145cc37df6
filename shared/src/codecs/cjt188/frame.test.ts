import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../bytes';
import { meterAddress } from '../test-arbitraries';
import { encodeCjt188Frame, encodeCjt188Read, encodeCjt188Valve, parseCjt188Frame } from '.';

const READ = '68 10 AA AA AA AA AA AA AA 01 03 90 1F 01 D2 16';

describe('parseCjt188Frame', () => {
  it.each([
    ['a wrong checksum', '68 10 AA AA AA AA AA AA AA 01 03 90 1F 01 D3 16', 'bad_checksum'],
    ['a missing end byte', '68 10 AA AA AA AA AA AA AA 01 03 90 1F 01 D2 00', 'bad_end'],
    ['no 0x68 at the start', 'FE 67 10 AA AA AA AA AA AA AA 01 03 90 1F 01 D2 16', 'bad_start'],
    ['bytes after the end byte', `${READ} FE`, 'bad_length'],
    ['a frame cut short', '68 10 AA AA AA AA AA AA AA 01 03 90 1F', 'truncated'],
    ['a header cut short', 'FE FE 68 10 AA', 'truncated'],
    ['an address that is not BCD', '68 10 0A 00 00 00 00 00 00 01 00 83 16', 'invalid_bcd'],
  ])('refuses %s', (_name, hex, reason) => {
    expect(() => parseCjt188Frame(hexToBytes(hex))).toThrow(expect.objectContaining({ reason, code: `codec.${reason}` }));
  });
});

describe('encodeCjt188Frame', () => {
  it('round-trips any meter type, address, control code and data through parseCjt188Frame', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        meterAddress(7),
        fc.integer({ min: 0, max: 255 }),
        fc.uint8Array({ maxLength: 255 }),
        fc.integer({ min: 0, max: 16 }),
        (meterType, address, control, data, wakeUp) => {
          const bytes = encodeCjt188Frame({ meterType, address, control, data }, { wakeUp });
          expect(bytes.length).toBe(wakeUp + 13 + data.length);
          expect(parseCjt188Frame(bytes)).toEqual({ meterType, address, control, data });
        },
      ),
    );
  });

  it('round-trips read and valve requests, the data identifier in either order', () => {
    fc.assert(
      fc.property(meterAddress(7), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0x10, max: 0x13 }), fc.boolean(), (address, serial, meterType, swapDataId) => {
        const options = { serial, meterType, swapDataId };
        const di = (high: number, low: number) => (swapDataId ? [low, high] : [high, low]);
        expect(parseCjt188Frame(encodeCjt188Read(address, options))).toEqual({
          meterType,
          address,
          control: 0x01,
          data: Uint8Array.from([...di(0x90, 0x1f), serial]),
        });
        expect(parseCjt188Frame(encodeCjt188Valve(address, 'close', options))).toEqual({
          meterType,
          address,
          control: 0x04,
          data: Uint8Array.from([...di(0xa0, 0x17), serial, 0x99]),
        });
      }),
    );
  });

  it.each([
    ['a 12-digit address', () => encodeCjt188Read('000000191213', { serial: 1 })],
    ['a serial above 255', () => encodeCjt188Read('00000019121301', { serial: 256 })],
    ['a fractional meter type', () => encodeCjt188Read('00000019121301', { serial: 1, meterType: 16.5 })],
    ['an unknown valve action', () => encodeCjt188Valve('00000019121301', 'half' as 'open', { serial: 1 })],
    ['17 wake-up bytes', () => encodeCjt188Read('00000019121301', { serial: 1, wakeUp: 17 })],
  ])('refuses %s with invalid_argument', (_name, encode) => {
    expect(encode).toThrow(expect.objectContaining({ reason: 'invalid_argument' }));
  });
});
