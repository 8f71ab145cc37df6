/**
 * Meter codecs: pure, browser-safe encoders and decoders for DL/T 645-2007
 * (electricity), CJ/T 188-2004 (water) and Huawei IoTDA JSON properties, all
 * decoding to one {@link DecodedReading} in base units (Wh, L). Malformed
 * input of any kind is a {@link CodecError}, never another exception.
 */
export { CodecError, isCodecError, type CodecErrorReason } from './codec-error';
export { bytesToHex, hexToBytes } from './bytes';
export {
  isValidMeterTime,
  METER_CLOCK_OFFSET_MS,
  meterTimeFromDate,
  meterTimeToDate,
  type MeterLocalTime,
} from './meter-time';
export type { DecodedMeterStatus, DecodedReading, DecodedRegisters, DecodedValveState } from './decoded-reading';
export * from './dlt645';
export * from './cjt188';
export * from './json';
export * from './modbus';
