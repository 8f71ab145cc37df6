/** Readings: validation of cumulative meter readings (VEE) and the order-independent billing of a stream. */
export {
  advancesBaseline,
  assessReading,
  DEFAULT_RESOLUTION_BASE_UNITS,
  DEFAULT_ROLLOVER_AT_BASE_UNITS,
  EARLIEST_READING_MS,
  isBillable,
  isReadingTimeInBounds,
  READING_FUTURE_SLACK_MS,
  type AnomalyReason,
  type MeterLimits,
  type ReadingAssessment,
  type ReadingPoint,
} from './assess';
export { billStream, replacementBaseline, type MeterReplacement, type StreamBill } from './stream';
