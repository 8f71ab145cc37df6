import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAddress, decodeBcd, encodeAddress, encodeBcd } from './bcd';
import { bytesToHex, hexToBytes, sum8 } from './bytes';

describe('hexToBytes / bytesToHex', () => {
  it('round-trips any bytes, with or without separators', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(hexToBytes(bytesToHex(bytes))).toEqual(bytes);
        expect(hexToBytes(bytesToHex(bytes, '').toLowerCase())).toEqual(bytes);
      }),
    );
  });

  it.each(['6', '6G', '0x68', '68 1'])('refuses %s as invalid_argument', (text) => {
    expect(() => hexToBytes(text)).toThrow(expect.objectContaining({ reason: 'invalid_argument' }));
  });

  it('sums modulo 256', () => {
    expect(sum8(Uint8Array.of(0xff, 0x02, 0x10), 0, 2)).toBe(0x01);
  });
});

describe('BCD', () => {
  it('round-trips integers of up to 2 × length digits, least significant byte first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }).chain((length) => fc.tuple(fc.constant(length), fc.integer({ min: 0, max: 100 ** length - 1 }))), ([length, value]) => {
        expect(decodeBcd(encodeBcd(value, length), 0, length)).toBe(value);
      }),
    );
    expect(Array.from(encodeBcd(123456, 4))).toEqual([0x56, 0x34, 0x12, 0x00]);
  });

  it('refuses nibbles above 9 and values that do not fit', () => {
    expect(() => decodeBcd(Uint8Array.of(0x1a), 0, 1)).toThrow(expect.objectContaining({ reason: 'invalid_bcd' }));
    expect(() => decodeBcd(Uint8Array.of(0x12), 0, 2)).toThrow(expect.objectContaining({ reason: 'truncated' }));
    expect(() => encodeBcd(100, 1)).toThrow(expect.objectContaining({ reason: 'invalid_argument' }));
    expect(() => encodeBcd(1.5, 1)).toThrow(expect.objectContaining({ reason: 'invalid_argument' }));
  });

  it('writes addresses least significant byte first and reads AA wildcards back', () => {
    expect(Array.from(encodeAddress('00000019121301', 7))).toEqual([0x01, 0x13, 0x12, 0x19, 0x00, 0x00, 0x00]);
    expect(decodeAddress(encodeAddress('aaaaaa123456', 6), 0, 6)).toBe('AAAAAA123456');
  });
});
