import { normalizeAddress } from '../bcd';
import { assertFrameObject, byteAt } from '../bytes';
import { CodecError } from '../codec-error';
import { decodeOptionalMeterTime, type MeterLocalTime } from '../meter-time';
import { CJT188_ADDRESS_BYTES, parseCjt188Frame, type Cjt188Frame } from './frame';
import { CJT188_CONTROL, CJT188_DATA_ID, startsWithDataId } from './requests';
import { CJT188_STANDARD_STATUS_LAYOUT, decodeCjt188Status, type Cjt188Status, type Cjt188StatusLayout } from './status';
import { decodeOptionalVolumeL, decodeVolumeL } from './volume';

/** What a CJ/T 188 meter answered, decoded. Volumes in whole litres. */
export type Cjt188Answer =
  | {
      readonly kind: 'flow';
      readonly meterType: number;
      readonly serial: number;
      /** The current cumulative volume, the register billed from. */
      readonly volumeL: number;
      /** The cumulative volume at the last settlement day, null when not provided. */
      readonly settlementVolumeL: number | null;
      /** The meter's clock, null when not provided (or not a real date). */
      readonly meterTime: MeterLocalTime | null;
      readonly status: Cjt188Status;
    }
  | { readonly kind: 'valve_ok'; readonly serial: number; readonly status?: Cjt188Status }
  /** An abnormal answer (bit 6 of C set): the meter refused or failed the request. */
  | { readonly kind: 'error'; readonly control: number };

/** Options of {@link decodeCjt188Answer}. */
export interface Cjt188DecodeOptions {
  /** The meter that was asked: an answer from any other address is `address_mismatch`. */
  readonly expectedAddress?: string;
  /** Where this vendor keeps the status flags; the common layout by default. */
  readonly statusLayout?: Cjt188StatusLayout;
}

/** Water (0x10–0x19) and gas (0x30–0x39) meters share the 0x901F answer layout; heat meters do not. */
const isFlowMeter = (meterType: number) =>
  (meterType >= 0x10 && meterType <= 0x19) || (meterType >= 0x30 && meterType <= 0x39);
const ERROR_BIT = 0x40;
/** DI(2) SER(1) flow(4+1) settlement flow(4+1) clock(7) status(2). */
const FLOW_ANSWER_LENGTH = 22;

function expectDataId(data: Uint8Array, dataId: number): void {
  if (!startsWithDataId(data, dataId)) {
    throw new CodecError('unsupported', `CJ/T 188: expected data identifier ${dataId.toString(16).toUpperCase()}`, {
      details: { dataId: dataId.toString(16).toUpperCase() },
    });
  }
}

function expectLength(data: Uint8Array, lengths: readonly number[]): void {
  if (!lengths.includes(data.length)) {
    throw new CodecError('bad_length', `CJ/T 188: expected ${lengths.join(' or ')} data bytes, got ${data.length}`, {
      details: { expected: lengths, actual: data.length },
    });
  }
}

const statusAt = (data: Uint8Array, offset: number, layout: Cjt188StatusLayout) =>
  decodeCjt188Status(byteAt(data, offset) | (byteAt(data, offset + 1) << 8), layout);

function decodeFlow(frame: Cjt188Frame, layout: Cjt188StatusLayout): Cjt188Answer {
  const { data } = frame;
  if (!isFlowMeter(frame.meterType)) {
    throw new CodecError('unsupported', `CJ/T 188: meter type 0x${frame.meterType.toString(16)} has no water/gas layout`, {
      details: { meterType: frame.meterType },
    });
  }
  expectLength(data, [FLOW_ANSWER_LENGTH]);
  expectDataId(data, CJT188_DATA_ID.currentData);
  return {
    kind: 'flow',
    meterType: frame.meterType,
    serial: byteAt(data, 2),
    volumeL: decodeVolumeL(data, 3, 'current flow'),
    settlementVolumeL: decodeOptionalVolumeL(data, 8, 'settlement-day flow'),
    meterTime: decodeOptionalMeterTime(data.subarray(13, 20), true),
    status: statusAt(data, 20, layout),
  };
}

function decodeValve(frame: Cjt188Frame, layout: Cjt188StatusLayout): Cjt188Answer {
  const { data } = frame;
  expectLength(data, [3, 5]);
  expectDataId(data, CJT188_DATA_ID.valveControl);
  const serial = byteAt(data, 2);
  return data.length === 5 ? { kind: 'valve_ok', serial, status: statusAt(data, 3, layout) } : { kind: 'valve_ok', serial };
}

/**
 * Decodes a meter's answer: current data (C = 0x81, water and gas meters), a
 * valve answer (0x84, with or without status) or an abnormal answer (bit 6 of
 * C set). The data identifier is accepted in either byte order. Only the
 * current flow must be valid BCD in a supported unit: a settlement-day flow or
 * a clock that is 0xFF-filled (or otherwise unreadable) becomes null.
 *
 * @throws CodecError any parse error, `address_mismatch`, `unsupported`, `bad_length`, `invalid_bcd`.
 * @example decodeCjt188Answer(bytes, { expectedAddress: '00000019121301' }) // { kind: 'flow', volumeL: 12340, … }
 */
export function decodeCjt188Answer(input: Uint8Array | Cjt188Frame, options: Cjt188DecodeOptions = {}): Cjt188Answer {
  const frame = input instanceof Uint8Array ? parseCjt188Frame(input) : input;
  assertFrameObject<Cjt188Frame>(frame, ['control', 'meterType']);
  if (options.expectedAddress !== undefined) {
    const expected = normalizeAddress(options.expectedAddress, CJT188_ADDRESS_BYTES);
    if (frame.address !== expected) {
      throw new CodecError('address_mismatch', `CJ/T 188: answer from ${frame.address}, expected ${expected}`, {
        details: { address: frame.address, expectedAddress: expected },
      });
    }
  }
  const layout = options.statusLayout ?? CJT188_STANDARD_STATUS_LAYOUT;
  if (frame.control === CJT188_CONTROL.readAnswer) return decodeFlow(frame, layout);
  if (frame.control === CJT188_CONTROL.writeAnswer) return decodeValve(frame, layout);
  if ((frame.control & 0x80) !== 0 && (frame.control & ERROR_BIT) !== 0) return { kind: 'error', control: frame.control };
  throw new CodecError('unsupported', `CJ/T 188: control code 0x${frame.control.toString(16)} is not a known answer`, {
    details: { control: frame.control },
  });
}
