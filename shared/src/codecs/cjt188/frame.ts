import { decodeAddress, encodeAddress } from '../bcd';
import { CodecError } from '../codec-error';
import { openEnvelope, sealEnvelope, START_BYTE, type EnvelopeLayout } from '../frame-envelope';

/** One CJ/T 188-2004 frame. Unlike DL/T 645, data bytes travel as they are (no +0x33). */
export interface Cjt188Frame {
  /** T: 0x10 cold water, 0x11 hot water, 0x20 heat, 0x30 gas, … */
  readonly meterType: number;
  /** 14 digits (A6..A0), most significant first as printed; `AA` pairs are wildcards. */
  readonly address: string;
  readonly control: number;
  readonly data: Uint8Array;
}

/** Options of the CJ/T 188 encoders. */
export interface Cjt188EncodeOptions {
  /** How many 0xFE wake-up bytes lead the frame; 3 by default (0..16), as in the PROTOCOLS.md vectors. */
  readonly wakeUp?: number;
}

export const CJT188_ADDRESS_BYTES = 7;
/** The wildcard address: any meter on the link answers. */
export const CJT188_BROADCAST_ADDRESS = 'AAAAAAAAAAAAAA';
/** Meter type T of a cold-water meter, the default of the request encoders. */
export const CJT188_COLD_WATER = 0x10;

const LAYOUT: EnvelopeLayout = { protocol: 'CJ/T 188', headerLength: 11 };

/**
 * Parses `[FE…] 68 T A0..A6 C L DATA CS 16`: any number of leading 0xFE, the
 * meter type, a 7-byte BCD address (least significant byte first; `0xAA`
 * wildcards allowed), L data bytes and the checksum of everything from 0x68
 * through the last data byte. Exactly one frame: bytes after 0x16 are refused.
 *
 * @throws CodecError `truncated`, `bad_start`, `bad_length`, `bad_end`, `bad_checksum`, `invalid_bcd`.
 * @example parseCjt188Frame(hexToBytes('FE FE FE 68 10 AA AA AA AA AA AA AA 01 03 90 1F 01 D2 16'))
 *   // { meterType: 0x10, address: 'AAAAAAAAAAAAAA', control: 0x01, data: [0x90, 0x1f, 0x01] }
 */
export function parseCjt188Frame(bytes: Uint8Array): Cjt188Frame {
  const { header, data } = openEnvelope(bytes, LAYOUT);
  return {
    meterType: header[1] ?? 0,
    address: decodeAddress(header, 2, CJT188_ADDRESS_BYTES),
    control: header[9] ?? 0,
    data,
  };
}

function byteField(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) {
    throw new CodecError('invalid_argument', `${field} must be a byte`, { details: { field } });
  }
  return value;
}

/**
 * Builds a frame: header, length, checksum and end byte around `data`.
 *
 * @throws CodecError `invalid_argument` for a bad address, a meter type or
 *   control code outside 0..255, more than 255 data bytes or a bad wake-up count.
 */
export function encodeCjt188Frame(frame: Cjt188Frame, options: Cjt188EncodeOptions = {}): Uint8Array {
  const address = encodeAddress(frame.address, CJT188_ADDRESS_BYTES);
  if (!(frame.data instanceof Uint8Array)) {
    throw new CodecError('invalid_argument', 'data must be a Uint8Array', { details: { field: 'data' } });
  }
  const meterType = byteField(frame.meterType, 'meterType');
  const header = Uint8Array.of(START_BYTE, meterType, ...address, byteField(frame.control, 'control'));
  return sealEnvelope(header, frame.data, options.wakeUp ?? 3);
}

/** Checks a serial number SER (0..255), which a meter echoes in its answer. */
export function serialByte(serial: number): number {
  return byteField(serial, 'serial');
}
