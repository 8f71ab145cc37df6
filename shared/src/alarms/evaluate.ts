/**
 * The periodic alarm evaluation of one meter: every state-based rule and the
 * two usage-pattern rules, on data handed in. Pure: the same input always
 * gives the same findings, in `ALARM_KINDS` order.
 */
import { checkAlarmInput } from './check-input';
import { findBalanceExhausted, findLowBalance } from './balance-rules';
import { forecastFromSpans } from './forecast';
import type { MeterAlarmInput } from './input';
import { ALARM_KINDS, type AlarmFinding } from './kinds';
import { findNightFlow } from './night-flow';
import { findCommunicationLost, findLowBattery, findMeterFault, findSupplyCut } from './state-rules';
import { findUsageSurge } from './usage-surge';

/**
 * Finds what is wrong with a meter now: `low_balance`, `balance_exhausted`,
 * `supply_cut`, `communication_lost`, `meter_fault`, `low_battery`,
 * `usage_surge` and (water) `night_flow`. The event kinds `rejected_frame` and
 * `command_expired` come from `rejectedFrameFinding` and `commandExpiredFinding`.
 * At most one finding per kind; feed the result to `diffAlarms`.
 *
 * @throws RangeError for a malformed input (see `checkAlarmInput`).
 * @example
 * const findings = evaluateMeterAlarms({ meter, balanceFen: 1234, now: clock.now(), recentUsage, lastReportAt });
 * const { raise, clear } = diffAlarms(openKinds, findings);
 */
export function evaluateMeterAlarms(input: MeterAlarmInput): AlarmFinding[] {
  const checked = checkAlarmInput(input);
  const { meter, balanceFen, status } = input;
  const cost = input.lastCostPerUnitMicroFen;
  const daysRemaining = input.daysRemaining !== undefined ? input.daysRemaining : cost === undefined ? null : forecastFromSpans(balanceFen, checked.spans, cost);
  const findings = [
    findLowBalance(meter, { balanceFen, daysRemaining, lowBalanceDays: checked.lowBalanceDays }),
    findBalanceExhausted(meter, balanceFen),
    findSupplyCut(meter, balanceFen),
    findCommunicationLost(checked.lastReportMs, checked.nowMs, checked.commLossAfterHours),
    findMeterFault(status),
    findLowBattery(status),
    findUsageSurge(checked.spans, meter.utility, checked.surgeFloorPerHour),
    meter.utility === 'water' ? findNightFlow(checked.spans, checked.nowMs, checked.nightMinFlowLPerHour) : null,
  ].filter((finding): finding is AlarmFinding => finding !== null);
  return findings.sort((a, b) => ALARM_KINDS.indexOf(a.kind) - ALARM_KINDS.indexOf(b.kind));
}
