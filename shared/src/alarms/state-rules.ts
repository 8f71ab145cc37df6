/**
 * Rules on the meter's reported state: supply off, silence, fault flags and
 * battery. Each is a plain condition that clears when the state goes away.
 */
import type { AlarmFinding } from './kinds';
import type { AlarmMeter, AlarmMeterStatus } from './input';
import { HOUR_MS } from './usage-spans';

/** `supply_cut` (warning) while the relay or valve is off, whatever the reason (arrears, a manager, a fault). */
export function findSupplyCut(meter: AlarmMeter, balanceFen: number): AlarmFinding | null {
  if (meter.supply !== 'off') return null;
  const what = meter.utility === 'water' ? '已关阀停水' : '已断电';
  return {
    kind: 'supply_cut',
    severity: 'warning',
    message: meter.keepOn ? `${what}（已设置保持供应）` : what,
    details: { balanceFen, keepOn: meter.keepOn },
  };
}

/**
 * `communication_lost` (warning) when the meter never reported, or its last
 * report is more than `afterHours` before `now` (strictly: exactly 26 h of
 * silence is still on time). A report time after `now` (clock skew) is not silence.
 */
export function findCommunicationLost(lastReportMs: number | null, nowMs: number, afterHours: number): AlarmFinding | null {
  if (lastReportMs === null) {
    return { kind: 'communication_lost', severity: 'warning', message: '通信中断：从未上报', details: { neverReported: true } };
  }
  const silentMs = nowMs - lastReportMs;
  if (silentMs <= afterHours * HOUR_MS) return null;
  const hoursSilent = Math.floor(silentMs / HOUR_MS);
  const span = hoursSilent < 48 ? `${hoursSilent} 小时` : `${Math.floor(hoursSilent / 24)} 天`;
  return {
    kind: 'communication_lost',
    severity: 'warning',
    message: `通信中断：已 ${span}未上报`,
    details: { hoursSilent, lastReportAt: new Date(lastReportMs).toISOString() },
  };
}

/** `meter_fault` (critical) when the meter flags a fault or its valve reports an abnormal position. */
export function findMeterFault(status: AlarmMeterStatus | undefined): AlarmFinding | null {
  const fault = status?.fault === true;
  const valveAbnormal = status?.valve === 'abnormal';
  if (!fault && !valveAbnormal) return null;
  const parts = [...(fault ? ['表计故障'] : []), ...(valveAbnormal ? ['阀门异常'] : [])];
  return { kind: 'meter_fault', severity: 'critical', message: parts.join('，'), details: { fault, valveAbnormal } };
}

/** `low_battery` (warning) when the meter flags its battery low. */
export function findLowBattery(status: AlarmMeterStatus | undefined): AlarmFinding | null {
  if (status?.batteryLow !== true) return null;
  return { kind: 'low_battery', severity: 'warning', message: '表计电池电量低，请安排更换', details: { batteryLow: true } };
}
