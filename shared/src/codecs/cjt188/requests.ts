import { CodecError } from '../codec-error';
import { CJT188_COLD_WATER, encodeCjt188Frame, serialByte, type Cjt188EncodeOptions } from './frame';

/** CJ/T 188-2004 control codes this codec knows; an answer sets bit 7, an abnormal answer bit 6 as well. */
export const CJT188_CONTROL = { read: 0x01, readAnswer: 0x81, write: 0x04, writeAnswer: 0x84 } as const;

/** Data identifiers as the standard prints them. */
export const CJT188_DATA_ID = {
  /** Read current data: cumulative flow, settlement-day flow, clock, status. */
  currentData: 0x901f,
  /** Valve control. */
  valveControl: 0xa017,
} as const;

/** Options of the request encoders. */
export interface Cjt188RequestOptions extends Cjt188EncodeOptions {
  /** SER, echoed by the meter so an answer can be matched to its request. */
  readonly serial: number;
  /** T; cold water (0x10) by default. */
  readonly meterType?: number;
  /** Send the data identifier low byte first (`1F 90`), as some meters expect; `90 1F` by default. */
  readonly swapDataId?: boolean;
}

/** The 2 data-identifier bytes in the order a request sends them. */
export function dataIdBytes(dataId: number, swap = false): [number, number] {
  const high = (dataId >> 8) & 0xff;
  const low = dataId & 0xff;
  return swap ? [low, high] : [high, low];
}

/** True when `data` starts with `dataId` in either byte order (both are met in the wild). */
export function startsWithDataId(data: Uint8Array, dataId: number): boolean {
  const [high, low] = dataIdBytes(dataId);
  return (data[0] === high && data[1] === low) || (data[0] === low && data[1] === high);
}

/**
 * A read-current-data request: C = 0x01, L = 3, DI `90 1F`, SER.
 *
 * @throws CodecError `invalid_argument` for a bad address, meter type or serial.
 * @example encodeCjt188Read('AAAAAAAAAAAAAA', { serial: 1 })
 *   // FE FE FE 68 10 AA AA AA AA AA AA AA 01 03 90 1F 01 D2 16
 */
export function encodeCjt188Read(address: string, options: Cjt188RequestOptions): Uint8Array {
  const dataId = dataIdBytes(CJT188_DATA_ID.currentData, options.swapDataId);
  const data = Uint8Array.of(...dataId, serialByte(options.serial));
  const meterType = options.meterType ?? CJT188_COLD_WATER;
  return encodeCjt188Frame({ meterType, address, control: CJT188_CONTROL.read, data }, options);
}

/** The last data byte of a valve command. */
export const CJT188_VALVE_CODES = { open: 0x55, close: 0x99 } as const;

/**
 * A valve command: C = 0x04, L = 4, DI `A0 17`, SER, then 0x55 open or 0x99 close.
 *
 * @throws CodecError `invalid_argument` for a bad address, meter type, serial or action.
 * @example encodeCjt188Valve('00000019121301', 'open', { serial: 1 })
 *   // FE FE FE 68 10 01 13 12 19 00 00 00 04 04 A0 17 01 55 CC 16
 */
export function encodeCjt188Valve(address: string, action: 'open' | 'close', options: Cjt188RequestOptions): Uint8Array {
  if (action !== 'open' && action !== 'close') {
    throw new CodecError('invalid_argument', 'a valve action is "open" or "close"', { details: { field: 'action' } });
  }
  const data = Uint8Array.of(
    ...dataIdBytes(CJT188_DATA_ID.valveControl, options.swapDataId),
    serialByte(options.serial),
    CJT188_VALVE_CODES[action],
  );
  const meterType = options.meterType ?? CJT188_COLD_WATER;
  return encodeCjt188Frame({ meterType, address, control: CJT188_CONTROL.write, data }, options);
}
