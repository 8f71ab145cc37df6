/** CJ/T 188-2004, the water (and gas) meters' protocol: frames, reads, valve commands and answers. */
export {
  CJT188_ADDRESS_BYTES,
  CJT188_BROADCAST_ADDRESS,
  CJT188_COLD_WATER,
  encodeCjt188Frame,
  parseCjt188Frame,
  type Cjt188EncodeOptions,
  type Cjt188Frame,
} from './frame';
export {
  CJT188_CONTROL,
  CJT188_DATA_ID,
  CJT188_VALVE_CODES,
  encodeCjt188Read,
  encodeCjt188Valve,
  type Cjt188RequestOptions,
} from './requests';
export {
  CJT188_STANDARD_STATUS_LAYOUT,
  decodeCjt188Status,
  type Cjt188Status,
  type Cjt188StatusLayout,
} from './status';
export { CJT188_UNIT } from './volume';
export { decodeCjt188Answer, type Cjt188Answer, type Cjt188DecodeOptions } from './answer';
export { CJT188_MAX_VOLUME_L, encodeCjt188Answer, type Cjt188AnswerEncodeOptions } from './answer-encode';
export { readingFromCjt188Answer, type Cjt188FlowAnswer } from './reading';
