import { byteAt, concatBytes } from '../bytes';
import { CodecError } from '../codec-error';
import { decodeOptionalMeterTime, encodeMeterTime, type MeterLocalTime } from '../meter-time';
import { encodeDlt645Frame, type Dlt645EncodeOptions } from './frame';
import { DLT645_CONTROL } from './requests';

/** What a remote-control command (C = 0x1C) asks the meter's relay to do. */
export type Dlt645ControlAction = 'trip' | 'close_allowed' | 'close_direct' | 'keep_on' | 'keep_off';

/** N1 of each action: trip, allow closing (the tenant presses the button), close now, keep power on, keep power off. */
export const DLT645_CONTROL_ACTION_CODES: Readonly<Record<Dlt645ControlAction, number>> = {
  trip: 0x1a,
  close_allowed: 0x1b,
  close_direct: 0x1c,
  keep_on: 0x3a,
  keep_off: 0x3b,
};

/** A remote-control command, before any encryption. */
export interface Dlt645ControlCommand {
  readonly address: string;
  readonly action: Dlt645ControlAction;
  /**
   * 8 hex digits: the level PA then the 6-digit password, as printed
   * (`'02123456'`: level 02, password 123456). Sent PA first, then the
   * password least significant byte first (`02 56 34 12`).
   */
  readonly password: string;
  /** 8 hex digits as printed; sent least significant byte first. */
  readonly operator: string;
  /** Until when (the meter's local clock) the command may be executed. */
  readonly validUntil: MeterLocalTime;
}

/**
 * Builds the data field (before the +0x33) of a remote-control frame. The
 * plain encoder writes the command in clear; prepaid meters that demand
 * ESAM-encrypted control get an encoder that returns password, operator and
 * the ciphertext instead. An encoder that must call a remote encryptor (async)
 * builds the data itself and wraps it with `encodeDlt645Frame({ address,
 * control: 0x1C, data })`.
 */
export interface Dlt645ControlEncoder {
  encodeData(command: Dlt645ControlCommand): Uint8Array;
}

const HEX8 = /^[0-9a-fA-F]{8}$/;

function hex8(text: string, field: string): number[] {
  if (typeof text !== 'string' || !HEX8.test(text)) {
    throw new CodecError('invalid_argument', `${field} is 8 hex digits`, { details: { field } });
  }
  return [0, 2, 4, 6].map((i) => Number.parseInt(text.slice(i, i + 2), 16));
}

function actionCode(action: Dlt645ControlAction): number {
  const code = Object.prototype.hasOwnProperty.call(DLT645_CONTROL_ACTION_CODES, action) ? DLT645_CONTROL_ACTION_CODES[action] : undefined;
  if (code === undefined) {
    throw new CodecError('invalid_argument', `unknown control action "${String(action)}"`, { details: { field: 'action' } });
  }
  return code;
}

/**
 * The clear-text encoder of DL/T 645-2007: password (PA P0 P1 P2), operator
 * (C0..C3), N1 the action, N2 reserved 0x00, N3..N8 the valid-until time
 * `ss mm hh DD MM YY` in BCD.
 */
export const plainDlt645ControlEncoder: Dlt645ControlEncoder = {
  encodeData(command) {
    const [level = 0, ...password] = hex8(command.password, 'password');
    const operator = hex8(command.operator, 'operator').reverse();
    const validUntil = encodeMeterTime(command.validUntil);
    return concatBytes([level, ...password.reverse()], operator, [actionCode(command.action), 0x00], validUntil);
  },
};

/**
 * A remote-control frame (C = 0x1C) for `command`, its data built by `encoder`
 * (clear text by default).
 *
 * @throws CodecError `invalid_argument` for a bad address, password, operator, action or time.
 * @example encodeDlt645Control({ address: '111111111111', action: 'trip', password: '00000000', operator: '00000000',
 *   validUntil: { year: 2018, month: 5, day: 12, hour: 15, minute: 41, second: 24 } }, { wakeUp: 0 })
 */
export function encodeDlt645Control(
  command: Dlt645ControlCommand,
  options: Dlt645EncodeOptions & { readonly encoder?: Dlt645ControlEncoder } = {},
): Uint8Array {
  const data = (options.encoder ?? plainDlt645ControlEncoder).encodeData(command);
  return encodeDlt645Frame({ address: command.address, control: DLT645_CONTROL.remoteControl, data }, options);
}

/**
 * Reads the clear-text data of a remote-control frame back into a command
 * (without the address, which is the frame's): for meter simulators.
 *
 * @throws CodecError `bad_length` unless 16 bytes, `unsupported` for an unknown
 *   action code, `invalid_bcd` for a valid-until time that is not a real BCD date-time.
 */
export function decodeDlt645ControlData(data: Uint8Array): Omit<Dlt645ControlCommand, 'address'> {
  if (data.length !== 16) throw new CodecError('bad_length', 'DL/T 645: clear-text control data is 16 bytes');
  const hex = (bytes: number[]) => bytes.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('');
  const code = byteAt(data, 8);
  const action = (Object.keys(DLT645_CONTROL_ACTION_CODES) as Dlt645ControlAction[]).find(
    (name) => DLT645_CONTROL_ACTION_CODES[name] === code,
  );
  if (!action) throw new CodecError('unsupported', `DL/T 645: unknown control action 0x${code.toString(16)}`);
  const validUntil = decodeOptionalMeterTime(data.subarray(10, 16));
  if (!validUntil) throw new CodecError('invalid_bcd', 'DL/T 645: the valid-until time is not a valid BCD date-time');
  return {
    action,
    password: hex([byteAt(data, 0), byteAt(data, 3), byteAt(data, 2), byteAt(data, 1)]),
    operator: hex([byteAt(data, 7), byteAt(data, 6), byteAt(data, 5), byteAt(data, 4)]),
    validUntil,
  };
}
