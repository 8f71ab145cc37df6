import { encodeBcd } from '../bcd';
import { concatBytes } from '../bytes';
import { CodecError } from '../codec-error';
import { encodeMeterTime } from '../meter-time';
import type { Cjt188Answer } from './answer';
import { encodeCjt188Frame, serialByte, type Cjt188EncodeOptions, type Cjt188Frame } from './frame';
import { CJT188_CONTROL, CJT188_DATA_ID, dataIdBytes } from './requests';
import { CJT188_UNIT } from './volume';

/** The largest volume a register holds: 999999.99 m³. */
export const CJT188_MAX_VOLUME_L = 999_999_990;

/** Options of {@link encodeCjt188Answer}. */
export interface Cjt188AnswerEncodeOptions extends Cjt188EncodeOptions {
  /** T of the answering meter; a flow answer carries its own. Cold water (0x10) by default. */
  readonly meterType?: number;
  readonly swapDataId?: boolean;
}

/** A volume in litres as 4 BCD bytes of hundredths of m³ plus the m³ unit code, or 5 × 0xFF for null. */
function volumeField(volumeL: number | null, field: string): Uint8Array {
  if (volumeL === null) return new Uint8Array(5).fill(0xff);
  if (!Number.isSafeInteger(volumeL) || volumeL < 0 || volumeL % 10 !== 0 || volumeL > CJT188_MAX_VOLUME_L) {
    throw new CodecError('invalid_argument', `${field} must be a multiple of 10 L in [0, ${CJT188_MAX_VOLUME_L}]`, {
      details: { field },
    });
  }
  return concatBytes(encodeBcd(volumeL / 10, 4, field), [CJT188_UNIT.cubicMetre]);
}

function statusBytes(raw: number): number[] {
  if (!Number.isInteger(raw) || raw < 0 || raw > 0xffff) {
    throw new CodecError('invalid_argument', 'status.raw is a 16-bit word', { details: { field: 'status.raw' } });
  }
  return [raw & 0xff, raw >> 8];
}

function answerBody(
  answer: Cjt188Answer,
  options: Cjt188AnswerEncodeOptions,
): Pick<Cjt188Frame, 'meterType' | 'control' | 'data'> {
  const meterType = options.meterType ?? 0x10;
  switch (answer.kind) {
    case 'flow': {
      const data = concatBytes(
        dataIdBytes(CJT188_DATA_ID.currentData, options.swapDataId),
        [serialByte(answer.serial)],
        volumeField(answer.volumeL, 'volumeL'),
        volumeField(answer.settlementVolumeL, 'settlementVolumeL'),
        answer.meterTime ? encodeMeterTime(answer.meterTime, true) : new Uint8Array(7).fill(0xff),
        statusBytes(answer.status.raw),
      );
      return { meterType: answer.meterType, control: CJT188_CONTROL.readAnswer, data };
    }
    case 'valve_ok': {
      const status = answer.status ? statusBytes(answer.status.raw) : [];
      const dataId = dataIdBytes(CJT188_DATA_ID.valveControl, options.swapDataId);
      const data = Uint8Array.of(...dataId, serialByte(answer.serial), ...status);
      return { meterType, control: CJT188_CONTROL.writeAnswer, data };
    }
    case 'error':
      return { meterType, control: answer.control, data: new Uint8Array() };
  }
}

/**
 * Builds the frame a meter at `address` sends for `answer`: the inverse of
 * `decodeCjt188Answer`, for meter simulators and tests. Volumes are written in
 * m³ with two decimals (so multiples of 10 L); a status is written from its
 * `raw` word; nulls are written 0xFF-filled.
 *
 * @throws CodecError `invalid_argument` for a value the answer cannot carry.
 */
export function encodeCjt188Answer(
  address: string,
  answer: Cjt188Answer,
  options: Cjt188AnswerEncodeOptions = {},
): Uint8Array {
  return encodeCjt188Frame({ address, ...answerBody(answer, options) }, options);
}
