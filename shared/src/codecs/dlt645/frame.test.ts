import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../bytes';
import { meterAddress } from '../test-arbitraries';
import { encodeDlt645Frame, parseDlt645Frame } from '.';

const dlt645Address = meterAddress(6);

const ERROR_ANSWER = '68 12 90 78 56 34 12 68 D1 01 35 8D 16';

describe('parseDlt645Frame', () => {
  it('skips any number of wake-up bytes, or none', () => {
    for (const prefix of ['', 'FE ', 'FE FE FE FE FE FE FE FE FE ']) {
      expect(parseDlt645Frame(hexToBytes(prefix + ERROR_ANSWER))).toEqual({
        address: '123456789012',
        control: 0xd1,
        data: Uint8Array.of(0x02),
      });
    }
  });

  it('reads the 0xAA wildcard address', () => {
    const frame = encodeDlt645Frame({ address: 'AAAAAAAAAAAA', control: 0x13, data: new Uint8Array() });
    expect(parseDlt645Frame(frame).address).toBe('AAAAAAAAAAAA');
  });

  it.each([
    ['a wrong checksum', '68 12 90 78 56 34 12 68 D1 01 35 8E 16', 'bad_checksum'],
    ['a missing end byte', '68 12 90 78 56 34 12 68 D1 01 35 8D 17', 'bad_end'],
    ['no 0x68 at the start', '69 12 90 78 56 34 12 68 D1 01 35 8D 16', 'bad_start'],
    ['no second 0x68', '68 12 90 78 56 34 12 69 D1 01 35 8E 16', 'bad_start'],
    ['bytes after the end byte', `${ERROR_ANSWER} 00`, 'bad_length'],
    ['a frame cut short', '68 12 90 78 56 34 12 68 D1 01 35 8D', 'truncated'],
    ['a header cut short', '68 12 90 78', 'truncated'],
    ['only wake-up bytes', 'FE FE FE', 'truncated'],
    ['nothing', '', 'truncated'],
    ['an address that is not BCD', '68 1A 90 78 56 34 12 68 D1 01 35 95 16', 'invalid_bcd'],
  ])('refuses %s', (_name, hex, reason) => {
    expect(() => parseDlt645Frame(hexToBytes(hex))).toThrow(
      expect.objectContaining({ reason, code: `codec.${reason}`, status: 400 }),
    );
  });

  it('refuses what is not a Uint8Array as a CodecError', () => {
    expect(() => parseDlt645Frame([0x68] as unknown as Uint8Array)).toThrow(
      expect.objectContaining({ reason: 'invalid_argument' }),
    );
  });
});

describe('encodeDlt645Frame', () => {
  it('round-trips any address, control code and data through parseDlt645Frame', () => {
    fc.assert(
      fc.property(
        dlt645Address,
        fc.integer({ min: 0, max: 255 }),
        fc.uint8Array({ maxLength: 255 }),
        fc.integer({ min: 0, max: 16 }),
        (address, control, data, wakeUp) => {
          // Act
          const bytes = encodeDlt645Frame({ address, control, data }, { wakeUp });
          // Assess
          expect(bytes.length).toBe(wakeUp + 12 + data.length);
          expect(parseDlt645Frame(bytes)).toEqual({ address, control, data });
        },
      ),
    );
  });

  it('adds 0x33 to each data byte, modulo 256, and leads with 4 wake-up bytes by default', () => {
    const bytes = encodeDlt645Frame({ address: '000000000001', control: 0x11, data: Uint8Array.of(0x00, 0xcd, 0xff) });
    expect(bytesToHex(bytes.subarray(0, 4))).toBe('FE FE FE FE');
    expect(bytesToHex(bytes.subarray(14, 17))).toBe('33 00 32');
  });

  it.each([
    ['a short address', { address: '12345678901', control: 0x11, data: new Uint8Array() }, {}],
    ['a non-digit address', { address: '12345678901X', control: 0x11, data: new Uint8Array() }, {}],
    ['a control code above 255', { address: '123456789012', control: 256, data: new Uint8Array() }, {}],
    ['256 data bytes', { address: '123456789012', control: 0x11, data: new Uint8Array(256) }, {}],
    ['a negative wake-up count', { address: '123456789012', control: 0x11, data: new Uint8Array() }, { wakeUp: -1 }],
  ])('refuses %s with invalid_argument', (_name, frame, options) => {
    expect(() => encodeDlt645Frame(frame, options)).toThrow(expect.objectContaining({ reason: 'invalid_argument' }));
  });
});
