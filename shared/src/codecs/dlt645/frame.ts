import { decodeAddress, encodeAddress } from '../bcd';
import { CodecError } from '../codec-error';
import { openEnvelope, sealEnvelope, START_BYTE, type EnvelopeLayout } from '../frame-envelope';

/** One DL/T 645-2007 frame, its data already freed of the +0x33 offset. */
export interface Dlt645Frame {
  /** 12 digits, most significant first as printed on the meter; `AA` pairs are wildcards. */
  readonly address: string;
  /** The control code C (0x11 read, 0x91 answer, 0xD1 error answer, 0x1C remote control…). */
  readonly control: number;
  /** The data field, each byte minus 0x33. */
  readonly data: Uint8Array;
}

/** The broadcast address: every meter on the bus answers (use it to read an unknown meter's address). */
export const DLT645_BROADCAST_ADDRESS = 'AAAAAAAAAAAA';
export const DLT645_ADDRESS_BYTES = 6;
/** Each data byte travels plus this offset, modulo 256. */
export const DLT645_DATA_OFFSET = 0x33;

const LAYOUT: EnvelopeLayout = { protocol: 'DL/T 645', headerLength: 10, secondStartAt: 7 };

/**
 * Parses `[FE…] 68 A0..A5 68 C L DATA CS 16`: any number of leading 0xFE
 * wake-up bytes, a BCD address (least significant byte first on the wire;
 * `0xAA` wildcard bytes allowed), L data bytes, the checksum over everything
 * from the first 0x68 through the last data byte. Exactly one frame: bytes
 * after 0x16 are refused.
 *
 * @throws CodecError `truncated`, `bad_start`, `bad_length`, `bad_end`, `bad_checksum`, `invalid_bcd`.
 * @example parseDlt645Frame(hexToBytes('68 12 90 78 56 34 12 68 D1 01 35 8D 16'))
 *   // { address: '123456789012', control: 0xd1, data: [0x02] }
 */
export function parseDlt645Frame(bytes: Uint8Array): Dlt645Frame {
  const { header, data } = openEnvelope(bytes, LAYOUT);
  return {
    address: decodeAddress(header, 1, DLT645_ADDRESS_BYTES),
    control: header[8] ?? 0,
    data: data.map((byte) => (byte - DLT645_DATA_OFFSET) & 0xff),
  };
}

/** Options of the DL/T 645 encoders. */
export interface Dlt645EncodeOptions {
  /** How many 0xFE wake-up bytes lead the frame; 4 by default (0..16). */
  readonly wakeUp?: number;
}

/**
 * Builds a frame: adds 0x33 to each data byte, the length, the checksum and the end byte.
 *
 * @throws CodecError `invalid_argument` for a bad address, a control code outside
 *   0..255, more than 255 data bytes or a bad wake-up count.
 * @example encodeDlt645Frame({ address: '111111111111', control: 0x9c, data: new Uint8Array() }, { wakeUp: 0 })
 */
export function encodeDlt645Frame(frame: Dlt645Frame, options: Dlt645EncodeOptions = {}): Uint8Array {
  const address = encodeAddress(frame.address, DLT645_ADDRESS_BYTES);
  if (!Number.isInteger(frame.control) || frame.control < 0 || frame.control > 0xff) {
    throw new CodecError('invalid_argument', 'control must be a byte', { details: { field: 'control' } });
  }
  if (!(frame.data instanceof Uint8Array)) {
    throw new CodecError('invalid_argument', 'data must be a Uint8Array', { details: { field: 'data' } });
  }
  const header = Uint8Array.of(START_BYTE, ...address, START_BYTE, frame.control);
  const data = frame.data.map((byte) => (byte + DLT645_DATA_OFFSET) & 0xff);
  return sealEnvelope(header, data, options.wakeUp ?? 4);
}
