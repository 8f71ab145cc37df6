import { CodecError } from './codec-error';

/**
 * Small byte helpers that bundle for a browser as well as for Node: plain
 * `Uint8Array`, no `Buffer`.
 */

const HEX_PAIR = /^[0-9a-fA-F]{2}$/;

/**
 * Reads hex text into bytes; spaces, tabs and newlines between pairs are
 * ignored, so vectors can be pasted as printed.
 *
 * @throws CodecError `invalid_argument` for an odd number of digits or a non-hex character.
 * @example hexToBytes('68 16') // Uint8Array [0x68, 0x16]
 */
export function hexToBytes(text: string): Uint8Array {
  if (typeof text !== 'string') throw new CodecError('invalid_argument', 'hex text must be a string');
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 2 !== 0) throw new CodecError('invalid_argument', 'hex text has an odd number of digits');
  const bytes = new Uint8Array(compact.length / 2);
  for (let i = 0; i < bytes.length; i += 1) {
    const pair = compact.slice(2 * i, 2 * i + 2);
    if (!HEX_PAIR.test(pair)) throw new CodecError('invalid_argument', `"${pair}" is not a hex byte`);
    bytes[i] = Number.parseInt(pair, 16);
  }
  return bytes;
}

/**
 * Writes bytes as upper-case hex pairs joined by `separator` (a space by default).
 *
 * @example bytesToHex(Uint8Array.of(0x68, 0x16)) // '68 16'
 */
export function bytesToHex(bytes: Uint8Array, separator = ' '): string {
  return Array.from(bytes, (byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join(separator);
}

/** Guards a decoder's input: anything but a `Uint8Array` is refused as a value, not a TypeError. */
export function assertBytes(bytes: unknown, name = 'frame'): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new CodecError('invalid_argument', `${name} must be a Uint8Array`);
}

/**
 * Guards a parsed frame handed to a decoder: an object with a string
 * `address`, numeric `fields` and `data` bytes, or an `invalid_argument` CodecError.
 */
export function assertFrameObject<T extends { address: string; data: Uint8Array }>(
  frame: unknown,
  numericFields: readonly string[],
): asserts frame is T {
  const record = typeof frame === 'object' && frame !== null ? (frame as Record<string, unknown>) : undefined;
  const ok =
    record !== undefined &&
    typeof record.address === 'string' &&
    record.data instanceof Uint8Array &&
    numericFields.every((field) => Number.isInteger(record[field]));
  if (!ok) throw new CodecError('invalid_argument', 'expected frame bytes or a parsed frame');
}

/** The byte at `index`, or a `truncated` CodecError: never `undefined`. */
export function byteAt(bytes: Uint8Array, index: number): number {
  const byte = bytes[index];
  if (byte === undefined) throw new CodecError('truncated', `no byte at offset ${index}`, { details: { offset: index } });
  return byte;
}

/** The 8-bit sum of `bytes[from..to)` (the checksum both DL/T 645 and CJ/T 188 use). */
export function sum8(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let sum = 0;
  for (let i = from; i < to; i += 1) sum = (sum + byteAt(bytes, i)) & 0xff;
  return sum;
}

/** True when every byte is `0xFF`: how meters say "this optional field is not provided". */
export function isAllFF(bytes: Uint8Array): boolean {
  return bytes.length > 0 && bytes.every((byte) => byte === 0xff);
}

/** Concatenates byte arrays and plain byte lists into one new array. */
export function concatBytes(...parts: ReadonlyArray<Uint8Array | readonly number[]>): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
