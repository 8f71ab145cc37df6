import { decodeAddress, decodeBcd, normalizeAddress } from '../bcd';
import { assertFrameObject } from '../bytes';
import { CodecError } from '../codec-error';
import { DLT645_DATA_ID, DLT645_ENERGY_DATA_IDS, formatDataId, readDataId, type Dlt645EnergyRegister } from './data-ids';
import { DLT645_ADDRESS_BYTES, parseDlt645Frame, type Dlt645Frame } from './frame';
import { DLT645_CONTROL } from './requests';
import { describeDlt645ErrorFlags, type Dlt645ErrorMeaning } from './error-flags';

/** What a meter answered, decoded. Energy in Wh, voltage in 0.1 V, current in mA: integers only. */
export type Dlt645Answer =
  | { readonly kind: 'energy'; readonly register: Dlt645EnergyRegister; readonly energyWh: number }
  | { readonly kind: 'voltage'; readonly phase: 'A'; readonly decivolts: number }
  | { readonly kind: 'current'; readonly phase: 'A'; readonly milliamps: number }
  | { readonly kind: 'address'; readonly address: string }
  | { readonly kind: 'error'; readonly flags: number; readonly meaning: readonly Dlt645ErrorMeaning[] }
  | { readonly kind: 'control_ok' }
  | { readonly kind: 'control_error'; readonly flags: number };

/** Options of {@link decodeDlt645Answer}. */
export interface Dlt645DecodeOptions {
  /** The meter that was asked: an answer from any other address is `address_mismatch`. */
  readonly expectedAddress?: string;
}

type ReadAnswer = Extract<Dlt645Answer, { kind: 'energy' | 'voltage' | 'current' }>;

interface DataSpec {
  readonly size: number;
  readonly decode: (value: Uint8Array) => ReadAnswer;
}

/** XXXXXX.XX kWh, 4 BCD bytes: hundredths of a kWh, so Wh = value × 10. */
const energy = (register: Dlt645EnergyRegister): DataSpec => ({
  size: 4,
  decode: (value) => ({ kind: 'energy', register, energyWh: decodeBcd(value, 0, 4, 'energy') * 10 }),
});

/** XXX.XXX A with the direction in the top bit of the highest byte (set: reverse, negative). */
function decodeCurrent(value: Uint8Array): ReadAnswer {
  const top = value[2] ?? 0;
  const magnitude = decodeBcd(Uint8Array.of(value[0] ?? 0, value[1] ?? 0, top & 0x7f), 0, 3, 'current');
  return { kind: 'current', phase: 'A', milliamps: top & 0x80 ? -magnitude : magnitude };
}

const DATA_SPECS = new Map<number, DataSpec>([
  ...Object.entries(DLT645_ENERGY_DATA_IDS).map(
    ([register, id]) => [id, energy(register as Dlt645EnergyRegister)] as [number, DataSpec],
  ),
  [
    DLT645_DATA_ID.phaseAVoltage,
    { size: 2, decode: (v) => ({ kind: 'voltage', phase: 'A', decivolts: decodeBcd(v, 0, 2, 'voltage') }) },
  ],
  [DLT645_DATA_ID.phaseACurrent, { size: 3, decode: decodeCurrent }],
]);

function decodeReadAnswer(data: Uint8Array): ReadAnswer {
  const dataId = readDataId(data);
  const spec = DATA_SPECS.get(dataId);
  if (!spec) {
    throw new CodecError('unsupported', `DL/T 645: data identifier ${formatDataId(dataId)} is not supported`, {
      details: { dataId: formatDataId(dataId) },
    });
  }
  expectLength(data, 4 + spec.size);
  return spec.decode(data.subarray(4));
}

function expectLength(data: Uint8Array, length: number): void {
  if (data.length !== length) {
    throw new CodecError('bad_length', `DL/T 645: expected ${length} data bytes, got ${data.length}`, {
      details: { expected: length, actual: data.length },
    });
  }
}

function decodeByControl(frame: Dlt645Frame): Dlt645Answer {
  const { data } = frame;
  switch (frame.control) {
    case DLT645_CONTROL.readAnswer:
      return decodeReadAnswer(data);
    case DLT645_CONTROL.readError:
      expectLength(data, 1);
      return { kind: 'error', flags: data[0] ?? 0, meaning: describeDlt645ErrorFlags(data[0] ?? 0) };
    case DLT645_CONTROL.remoteControlOk:
      expectLength(data, 0);
      return { kind: 'control_ok' };
    case DLT645_CONTROL.remoteControlError:
      expectLength(data, 1);
      return { kind: 'control_error', flags: data[0] ?? 0 };
    case DLT645_CONTROL.readAddressAnswer:
      expectLength(data, DLT645_ADDRESS_BYTES);
      return { kind: 'address', address: decodeAddress(data, 0, DLT645_ADDRESS_BYTES) };
    default:
      throw new CodecError('unsupported', `DL/T 645: control code 0x${frame.control.toString(16)} is not a known answer`, {
        details: { control: frame.control },
      });
  }
}

/**
 * Decodes a meter's answer: a read answer (0x91: energy registers, phase-A
 * voltage and current), an error answer (0xD1), a remote-control answer
 * (0x9C / 0xDC) or a read-address answer (0x93). Answers with follow-up frames
 * (0xB1) and unknown data identifiers are `unsupported`.
 *
 * @param input the raw bytes, or a frame already parsed by {@link parseDlt645Frame}.
 * @throws CodecError any parse error, `address_mismatch`, `unsupported`, `bad_length`, `invalid_bcd`.
 * @example decodeDlt645Answer(bytes, { expectedAddress: '123456789012' })
 *   // { kind: 'energy', register: 'total', energyWh: 1234560 }
 */
export function decodeDlt645Answer(input: Uint8Array | Dlt645Frame, options: Dlt645DecodeOptions = {}): Dlt645Answer {
  const frame = input instanceof Uint8Array ? parseDlt645Frame(input) : input;
  assertFrameObject<Dlt645Frame>(frame, ['control']);
  if (options.expectedAddress !== undefined) {
    const expected = normalizeAddress(options.expectedAddress, DLT645_ADDRESS_BYTES);
    if (frame.address !== expected) {
      throw new CodecError('address_mismatch', `DL/T 645: answer from ${frame.address}, expected ${expected}`, {
        details: { address: frame.address, expectedAddress: expected },
      });
    }
  }
  return decodeByControl(frame);
}
