/**
 * Checks an alarm input once, up front, and resolves its defaults, so the
 * rules can trust integers and instants. Every failure here is a programmer
 * error (the input is built by the platform from stored state), hence plain
 * RangeErrors rather than AppErrors.
 */
import {
  DEFAULT_COMM_LOSS_AFTER_HOURS,
  DEFAULT_LOW_BALANCE_DAYS,
  DEFAULT_NIGHT_MIN_FLOW_L_PER_HOUR,
  DEFAULT_SURGE_FLOOR_PER_HOUR,
  type AlarmMeter,
  type MeterAlarmInput,
} from './input';
import { toUsageSpans, validMs, type UsageSpan } from './usage-spans';

/** A checked input with every default applied. */
export interface CheckedAlarmInput {
  readonly nowMs: number;
  readonly lastReportMs: number | null;
  readonly spans: readonly UsageSpan[];
  readonly commLossAfterHours: number;
  readonly lowBalanceDays: number;
  readonly surgeFloorPerHour: number;
  readonly nightMinFlowLPerHour: number;
}

/** @throws RangeError naming the first field that is not what the rules need. */
export function checkAlarmInput(input: MeterAlarmInput): CheckedAlarmInput {
  checkMeter(input.meter);
  integer(input.balanceFen, 'balanceFen', Number.MIN_SAFE_INTEGER);
  const cost = input.lastCostPerUnitMicroFen;
  if (cost !== undefined && (typeof cost !== 'bigint' || cost < 0n)) {
    throw new RangeError('lastCostPerUnitMicroFen must be a non-negative bigint');
  }
  return {
    nowMs: validMs(input.now, 'now'),
    lastReportMs: input.lastReportAt === null ? null : validMs(input.lastReportAt, 'lastReportAt'),
    spans: toUsageSpans(input.recentUsage),
    commLossAfterHours: integer(input.commLossAfterHours ?? DEFAULT_COMM_LOSS_AFTER_HOURS, 'commLossAfterHours', 1),
    lowBalanceDays: integer(input.lowBalanceDays ?? DEFAULT_LOW_BALANCE_DAYS, 'lowBalanceDays', 0),
    surgeFloorPerHour: integer(input.surgeFloorPerHour ?? DEFAULT_SURGE_FLOOR_PER_HOUR[input.meter.utility], 'surgeFloorPerHour', 1),
    nightMinFlowLPerHour: integer(input.nightMinFlowLPerHour ?? DEFAULT_NIGHT_MIN_FLOW_L_PER_HOUR, 'nightMinFlowLPerHour', 1),
  };
}

function checkMeter(meter: AlarmMeter): void {
  if (typeof meter.id !== 'string' || meter.id === '') throw new RangeError('meter.id must be a non-empty string');
  if (meter.utility !== 'electricity' && meter.utility !== 'water') {
    throw new RangeError(`meter.utility must be electricity or water, got ${String(meter.utility)}`);
  }
  if (meter.supply !== 'on' && meter.supply !== 'off') throw new RangeError(`meter.supply must be on or off, got ${String(meter.supply)}`);
  if (typeof meter.keepOn !== 'boolean') throw new RangeError('meter.keepOn must be a boolean');
  integer(meter.lowBalanceFen, 'meter.lowBalanceFen', 0);
}

function integer(value: number, name: string, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${name} must be a safe integer ≥ ${min}, got ${value}`);
  return value;
}
