import { assertBytes } from '../bytes';
import { CodecError } from '../codec-error';

/**
 * Modbus-RTU frames as an RS-485 data-transfer unit or gateway forwards them:
 * slave address, function code, data, CRC-16/MODBUS (low byte first). Only
 * what a meter poll needs: "read holding registers" (0x03) and "read input
 * registers" (0x04) and their answers. Written by hand: the npm Modbus
 * libraries (modbus-serial, jsmodbus) are transports bound to serial ports
 * and sockets, and this code must stay pure and bundle for a browser.
 */

/** The two read functions a meter is polled with. */
export type ModbusReadFunction = 0x03 | 0x04;

/** A read answer: who answered, to which function, and the 16-bit registers in order. */
export interface ModbusReadAnswer {
  readonly slave: number;
  readonly fn: ModbusReadFunction;
  readonly words: readonly number[];
}

/** Modbus exception codes (Modbus Application Protocol v1.1b3, §7). */
const EXCEPTIONS: Readonly<Record<number, string>> = {
  1: 'illegal function',
  2: 'illegal data address',
  3: 'illegal data value',
  4: 'server device failure',
  6: 'server device busy',
  11: 'gateway target device failed to respond',
};

/** CRC-16/MODBUS (poly 0xA001 reflected, init 0xFFFF) of `bytes`. */
export function modbusCrc(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

function withCrc(body: number[]): Uint8Array {
  const crc = modbusCrc(Uint8Array.from(body));
  return Uint8Array.from([...body, crc & 0xff, crc >>> 8]);
}

function checkSlave(slave: number): void {
  if (!Number.isInteger(slave) || slave < 1 || slave > 247) throw new CodecError('invalid_argument', `slave address ${slave} is not 1..247`);
}

/** The request that reads `count` registers from `start`: what a gateway sends down the bus. */
export function encodeModbusReadRequest(slave: number, fn: ModbusReadFunction, start: number, count: number): Uint8Array {
  checkSlave(slave);
  if (!Number.isInteger(start) || start < 0 || start > 0xffff) throw new CodecError('invalid_argument', `start register ${start} is not 0..65535`);
  if (!Number.isInteger(count) || count < 1 || count > 125 || start + count > 0x10000) throw new CodecError('invalid_argument', `register count ${count} is not 1..125 within the map`);
  return withCrc([slave, fn, start >>> 8, start & 0xff, count >>> 8, count & 0xff]);
}

/** A meter's answer to a read (for the simulator and tests). */
export function encodeModbusReadAnswer(slave: number, fn: ModbusReadFunction, words: readonly number[]): Uint8Array {
  checkSlave(slave);
  if (words.length < 1 || words.length > 125) throw new CodecError('invalid_argument', `an answer carries 1..125 registers, not ${words.length}`);
  const data: number[] = [];
  for (const word of words) {
    if (!Number.isInteger(word) || word < 0 || word > 0xffff) throw new CodecError('invalid_argument', `register value ${word} is not 16-bit`);
    data.push(word >>> 8, word & 0xff);
  }
  return withCrc([slave, fn, data.length, ...data]);
}

/**
 * Decodes a read answer. An exception answer (function | 0x80) is a
 * `CodecError('error_answer')` naming the exception; a wrong CRC, a byte
 * count that disagrees with the frame, another slave than the one expected
 * or a function other than 03/04 is refused too.
 */
export function decodeModbusReadAnswer(bytes: Uint8Array, options: { readonly expectedSlave?: number } = {}): ModbusReadAnswer {
  assertBytes(bytes);
  if (bytes.length < 5) throw new CodecError('truncated', `a Modbus answer is at least 5 bytes, not ${bytes.length}`);
  const crc = modbusCrc(bytes.subarray(0, bytes.length - 2));
  if ((bytes[bytes.length - 2]! | (bytes[bytes.length - 1]! << 8)) !== crc) throw new CodecError('bad_checksum', 'the Modbus CRC does not match');
  const slave = bytes[0]!;
  const fn = bytes[1]!;
  if (options.expectedSlave !== undefined && slave !== options.expectedSlave) {
    throw new CodecError('address_mismatch', `the answer is from slave ${slave}, not ${options.expectedSlave}`);
  }
  if (fn === 0x83 || fn === 0x84) {
    if (bytes.length !== 5) throw new CodecError('bad_length', 'an exception answer is 5 bytes');
    const code = bytes[2]!;
    throw new CodecError('error_answer', `the meter answered exception ${code} (${EXCEPTIONS[code] ?? 'unknown'})`);
  }
  if (fn !== 0x03 && fn !== 0x04) throw new CodecError('unsupported', `function 0x${fn.toString(16)} is not a register read`);
  const count = bytes[2]!;
  if (count === 0 || count % 2 !== 0 || bytes.length !== 3 + count + 2) throw new CodecError('bad_length', `byte count ${count} disagrees with a ${bytes.length}-byte frame`);
  const words: number[] = [];
  for (let i = 3; i < 3 + count; i += 2) words.push((bytes[i]! << 8) | bytes[i + 1]!);
  return { slave, fn, words };
}
