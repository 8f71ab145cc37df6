import { assertBytes, byteAt, concatBytes, sum8 } from './bytes';
import { CodecError } from './codec-error';

/**
 * The envelope DL/T 645 and CJ/T 188 share: optional `0xFE` wake-up bytes,
 * `0x68`, a fixed header whose last byte is the data length L, L data bytes,
 * an 8-bit sum of everything from the first `0x68` to the last data byte, and
 * `0x16`.
 */

export const WAKE_UP_BYTE = 0xfe;
export const START_BYTE = 0x68;
export const END_BYTE = 0x16;

/** The header of one protocol: its length (from the first 0x68 through L) and where a second 0x68 must sit. */
export interface EnvelopeLayout {
  readonly protocol: string;
  readonly headerLength: number;
  readonly secondStartAt?: number;
}

/** A checked frame without its wake-up bytes: `header` runs from the first 0x68 through L. */
export interface Envelope {
  readonly header: Uint8Array;
  readonly data: Uint8Array;
}

/**
 * Finds and checks one frame. Exactly one frame is expected: bytes after the
 * end byte are refused (`bad_length`), since a transparent NB-IoT payload
 * carries one frame and extra bytes mean it is not the frame we think it is.
 *
 * @throws CodecError `truncated`, `bad_start`, `bad_length`, `bad_end`, `bad_checksum`.
 */
export function openEnvelope(bytes: Uint8Array, layout: EnvelopeLayout): Envelope {
  assertBytes(bytes);
  let start = 0;
  while (start < bytes.length && bytes[start] === WAKE_UP_BYTE) start += 1;
  const fail = (reason: 'truncated' | 'bad_start' | 'bad_length' | 'bad_end' | 'bad_checksum', message: string) =>
    new CodecError(reason, `${layout.protocol}: ${message}`, { details: { protocol: layout.protocol } });
  if (start === bytes.length) throw fail('truncated', 'no frame after the wake-up bytes');
  if (bytes[start] !== START_BYTE) throw fail('bad_start', 'the frame does not start with 0x68');
  const available = bytes.length - start;
  if (available < layout.headerLength) throw fail('truncated', 'the header is cut short');
  if (layout.secondStartAt !== undefined && bytes[start + layout.secondStartAt] !== START_BYTE) {
    throw fail('bad_start', 'no second 0x68 after the address');
  }
  const dataLength = byteAt(bytes, start + layout.headerLength - 1);
  const total = layout.headerLength + dataLength + 2;
  if (available < total) throw fail('truncated', `L says ${dataLength} data bytes, the frame is cut short`);
  if (available > total) throw fail('bad_length', `${available - total} byte(s) after the frame's end`);
  const checksumAt = start + layout.headerLength + dataLength;
  if (bytes[checksumAt + 1] !== END_BYTE) throw fail('bad_end', 'the frame does not end with 0x16');
  if (sum8(bytes, start, checksumAt) !== bytes[checksumAt]) throw fail('bad_checksum', 'the checksum does not match');
  return {
    header: bytes.slice(start, start + layout.headerLength),
    data: bytes.slice(start + layout.headerLength, checksumAt),
  };
}

/**
 * Wraps a header (from the first 0x68 up to, not including, L) and data into a
 * frame with `wakeUp` leading 0xFE bytes, the length, the checksum and 0x16.
 *
 * @throws CodecError `invalid_argument` for more than 255 data bytes or a bad wake-up count.
 */
export function sealEnvelope(headerWithoutLength: Uint8Array, data: Uint8Array, wakeUp: number): Uint8Array {
  if (!Number.isInteger(wakeUp) || wakeUp < 0 || wakeUp > 16) {
    throw new CodecError('invalid_argument', 'wakeUp is a count of 0xFE bytes in 0..16', { details: { field: 'wakeUp' } });
  }
  if (data.length > 255) {
    throw new CodecError('invalid_argument', 'a frame carries at most 255 data bytes', { details: { field: 'data' } });
  }
  const body = concatBytes(headerWithoutLength, [data.length], data);
  return concatBytes(new Array<number>(wakeUp).fill(WAKE_UP_BYTE), body, [sum8(body), END_BYTE]);
}
