/** DL/T 645-2007, the electricity meters' protocol: frames, reads, answers and remote control. */
export {
  DLT645_ADDRESS_BYTES,
  DLT645_BROADCAST_ADDRESS,
  DLT645_DATA_OFFSET,
  encodeDlt645Frame,
  parseDlt645Frame,
  type Dlt645EncodeOptions,
  type Dlt645Frame,
} from './frame';
export { DLT645_DATA_ID, DLT645_ENERGY_DATA_IDS, formatDataId as formatDlt645DataId, type Dlt645EnergyRegister } from './data-ids';
export { DLT645_CONTROL, encodeDlt645Read, encodeDlt645ReadAddress } from './requests';
export { decodeDlt645Answer, type Dlt645Answer, type Dlt645DecodeOptions } from './answer';
export { describeDlt645ErrorFlags, type Dlt645ErrorMeaning } from './error-flags';
export { DLT645_MAX_ENERGY_WH, encodeDlt645Answer } from './answer-encode';
export {
  DLT645_CONTROL_ACTION_CODES,
  decodeDlt645ControlData,
  encodeDlt645Control,
  plainDlt645ControlEncoder,
  type Dlt645ControlAction,
  type Dlt645ControlCommand,
  type Dlt645ControlEncoder,
} from './control';
export { readingFromDlt645Answers } from './reading';
