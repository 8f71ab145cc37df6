import { byteAt } from './bytes';
import { CodecError } from './codec-error';

/**
 * Packed BCD, two decimal digits a byte, as both meter protocols carry
 * numbers, addresses and clocks. Multi-byte fields travel least significant
 * byte first.
 */

/** The byte meters use in an address to mean "any" (broadcast or abbreviated addressing). */
export const WILDCARD_BYTE = 0xaa;

/** The two digits of a BCD byte, or `invalid_bcd` naming `field`. */
export function bcdByteValue(byte: number, field = 'field'): number {
  const high = byte >> 4;
  const low = byte & 0x0f;
  if (high > 9 || low > 9) {
    throw new CodecError('invalid_bcd', `${field}: 0x${byte.toString(16).padStart(2, '0')} is not BCD`, {
      details: { field },
    });
  }
  return high * 10 + low;
}

/**
 * Reads `length` BCD bytes at `offset`, least significant first, as an integer
 * (up to 7 bytes, 14 digits, stays a safe integer).
 *
 * @throws CodecError `invalid_bcd`, or `truncated` when the bytes run out.
 * @example decodeBcd(Uint8Array.of(0x56, 0x34, 0x12, 0x00), 0, 4) // 123456
 */
export function decodeBcd(bytes: Uint8Array, offset: number, length: number, field = 'field'): number {
  let value = 0;
  for (let i = length - 1; i >= 0; i -= 1) value = value * 100 + bcdByteValue(byteAt(bytes, offset + i), field);
  return value;
}

/**
 * Writes a non-negative integer as `length` BCD bytes, least significant first.
 *
 * @throws CodecError `invalid_argument` when it is not an integer or needs more than `2 × length` digits.
 */
export function encodeBcd(value: number, length: number, field = 'value'): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0 || value >= 100 ** length) {
    throw new CodecError('invalid_argument', `${field} must be an integer in [0, ${100 ** length - 1}], got ${value}`, {
      details: { field },
    });
  }
  const bytes = new Uint8Array(length);
  let rest = value;
  for (let i = 0; i < length; i += 1) {
    const pair = rest % 100;
    bytes[i] = ((pair - (pair % 10)) / 10) * 16 + (pair % 10);
    rest = (rest - pair) / 100;
  }
  return bytes;
}

/**
 * Reads a meter address: `length` bytes on the wire least significant first,
 * returned most significant first as printed on the meter. A `0xAA` byte (the
 * wildcard) reads as `'AA'`; any other non-BCD byte is `invalid_bcd`.
 *
 * @example decodeAddress(Uint8Array.of(0x12, 0x90, 0x78, 0x56, 0x34, 0x12), 0, 6) // '123456789012'
 */
export function decodeAddress(bytes: Uint8Array, offset: number, length: number): string {
  let text = '';
  for (let i = length - 1; i >= 0; i -= 1) {
    const byte = byteAt(bytes, offset + i);
    text += byte === WILDCARD_BYTE ? 'AA' : bcdByteValue(byte, 'address').toString().padStart(2, '0');
  }
  return text;
}

/**
 * Checks and normalises an address string of `2 × length` characters: pairs of
 * decimal digits or `AA` (case-insensitive), most significant first.
 *
 * @throws CodecError `invalid_argument` otherwise.
 */
export function normalizeAddress(address: string, length: number): string {
  const pattern = new RegExp(`^(?:\\d\\d|[aA]{2}){${length}}$`);
  if (typeof address !== 'string' || !pattern.test(address)) {
    throw new CodecError('invalid_argument', `an address is ${2 * length} digits (or AA wildcard pairs)`, {
      details: { field: 'address' },
    });
  }
  return address.toUpperCase();
}

/** Writes an address (see {@link normalizeAddress}) as `length` bytes, least significant first. */
export function encodeAddress(address: string, length: number): Uint8Array {
  const text = normalizeAddress(address, length);
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) {
    const pair = text.slice(2 * (length - 1 - i), 2 * (length - i));
    bytes[i] = pair === 'AA' ? WILDCARD_BYTE : Number.parseInt(pair, 16);
  }
  return bytes;
}
