/**
 * Alarms: pure rules that find what is wrong with a meter (balance, supply,
 * silence, faults, usage patterns) and the diff that turns findings into
 * alarms to raise and to clear. No clock and no I/O: `now` and all data come in.
 */
export {
  ALARM_KINDS,
  CONDITION_ALARM_KINDS,
  EVENT_ALARM_KINDS,
  isAlarmKind,
  isEventAlarmKind,
  isTenantAlarmKind,
  TENANT_ALARM_KINDS,
  type AlarmDetails,
  type AlarmFinding,
  type AlarmKind,
  type AlarmSeverity,
  type ConditionAlarmKind,
  type EventAlarmKind,
  type TenantAlarmKind,
} from './kinds';
export {
  DEFAULT_COMM_LOSS_AFTER_HOURS,
  DEFAULT_LOW_BALANCE_DAYS,
  DEFAULT_NIGHT_MIN_FLOW_L_PER_HOUR,
  DEFAULT_SURGE_FLOOR_PER_HOUR,
  type AlarmMeter,
  type AlarmMeterStatus,
  type AlarmUsageInterval,
  type AlarmUtility,
  type MeterAlarmInput,
} from './input';
export { evaluateMeterAlarms } from './evaluate';
export { circuitTripFinding, gatewayOfflineFinding, HOLDING_TRIP_CAUSES, TRIP_CAUSES, tripTip, type CircuitTrip, type TripCause } from './device-findings';
export { addToPace, daysLeftAtPace, PACE_HALF_LIFE_MS, type SpendingPace } from './pace';
export { forecastDaysRemaining, MIN_FORECAST_WINDOW_MS } from './forecast';
export { SURGE_FACTOR, SURGE_MIN_PREVIOUS_INTERVALS } from './usage-surge';
export { NIGHT_END_HOUR, NIGHT_MAX_INTERVAL_MINUTES, NIGHT_START_HOUR } from './night-flow';
export {
  commandExpiredFinding,
  rejectedFrameFinding,
  type AlarmCommandAction,
  type AlarmExpiredCommand,
  type AlarmRejectedFrameContext,
} from './event-findings';
export { diffAlarms, type AlarmDiff } from './diff';
