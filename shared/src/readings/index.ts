/** Readings: validation of cumulative meter readings (VEE) and the order-independent billing of a stream. */
export {
  advancesBaseline,
  assessReading,
  DEFAULT_RESOLUTION_BASE_UNITS,
  DEFAULT_ROLLOVER_AT_BASE_UNITS,
  isBillable,
  type AnomalyReason,
  type MeterLimits,
  type ReadingAssessment,
  type ReadingPoint,
} from './assess';
export { billStream, replacementBaseline, type MeterReplacement, type StreamBill } from './stream';
