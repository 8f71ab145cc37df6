import { encodeAddress, encodeBcd } from '../bcd';
import { concatBytes } from '../bytes';
import { CodecError } from '../codec-error';
import type { Dlt645Answer } from './answer';
import { DLT645_DATA_ID, DLT645_ENERGY_DATA_IDS, dataIdBytes } from './data-ids';
import { DLT645_ADDRESS_BYTES, encodeDlt645Frame, type Dlt645EncodeOptions, type Dlt645Frame } from './frame';
import { DLT645_CONTROL } from './requests';

/** The largest energy register: 999999.99 kWh. */
export const DLT645_MAX_ENERGY_WH = 999_999_990;

function flagsByte(flags: number): number {
  if (!Number.isInteger(flags) || flags < 0 || flags > 0xff) {
    throw new CodecError('invalid_argument', 'error flags are one byte', { details: { field: 'flags' } });
  }
  return flags;
}

function energyBcd(energyWh: number): Uint8Array {
  if (!Number.isSafeInteger(energyWh) || energyWh % 10 !== 0 || energyWh < 0 || energyWh > DLT645_MAX_ENERGY_WH) {
    throw new CodecError('invalid_argument', 'energyWh must be a multiple of 10 Wh in [0, 999999990]', {
      details: { field: 'energyWh' },
    });
  }
  return encodeBcd(energyWh / 10, 4, 'energyWh');
}

function currentBcd(milliamps: number): Uint8Array {
  const bytes = encodeBcd(Math.abs(milliamps), 3, 'milliamps');
  if ((bytes[2] ?? 0) > 0x79) {
    throw new CodecError('invalid_argument', 'milliamps must be within ±799999', { details: { field: 'milliamps' } });
  }
  if (milliamps < 0) bytes[2] = (bytes[2] ?? 0) | 0x80;
  return bytes;
}

/** The control code and data (before +0x33) a meter would send for `answer`. */
function answerBody(answer: Dlt645Answer): Pick<Dlt645Frame, 'control' | 'data'> {
  const read = (dataId: number, value: Uint8Array) => ({
    control: DLT645_CONTROL.readAnswer,
    data: concatBytes(dataIdBytes(dataId), value),
  });
  switch (answer.kind) {
    case 'energy':
      return read(DLT645_ENERGY_DATA_IDS[answer.register], energyBcd(answer.energyWh));
    case 'voltage':
      return read(DLT645_DATA_ID.phaseAVoltage, encodeBcd(answer.decivolts, 2, 'decivolts'));
    case 'current':
      return read(DLT645_DATA_ID.phaseACurrent, currentBcd(answer.milliamps));
    case 'address':
      return { control: DLT645_CONTROL.readAddressAnswer, data: encodeAddress(answer.address, DLT645_ADDRESS_BYTES) };
    case 'error':
      return { control: DLT645_CONTROL.readError, data: Uint8Array.of(flagsByte(answer.flags)) };
    case 'control_ok':
      return { control: DLT645_CONTROL.remoteControlOk, data: new Uint8Array() };
    case 'control_error':
      return { control: DLT645_CONTROL.remoteControlError, data: Uint8Array.of(flagsByte(answer.flags)) };
  }
}

/**
 * Builds the frame a meter at `address` sends for `answer`: the inverse of
 * `decodeDlt645Answer`, for meter simulators and tests. An `error` answer's
 * `meaning` is ignored (the flags say it all).
 *
 * @throws CodecError `invalid_argument` for a value the answer cannot carry
 *   (energy not a multiple of 10 Wh or above 999999.99 kWh, …).
 * @example encodeDlt645Answer('123456789012', { kind: 'energy', register: 'total', energyWh: 1234560 }, { wakeUp: 2 })
 */
export function encodeDlt645Answer(address: string, answer: Dlt645Answer, options: Dlt645EncodeOptions = {}): Uint8Array {
  return encodeDlt645Frame({ address, ...answerBody(answer) }, options);
}
