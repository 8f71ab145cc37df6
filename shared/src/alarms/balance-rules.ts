/**
 * The balance rules: `low_balance` (at or below the manager's threshold, or
 * forecast to run out within a few days) and `balance_exhausted` (at or below
 * 0). They are exclusive by construction: one needs a positive balance, the
 * other a balance ≤ 0.
 */
import { formatFenAsYuan } from '../money';
import type { AlarmFinding } from './kinds';
import type { AlarmMeter } from './input';

/** What the low-balance rule needs beyond the meter. */
export interface LowBalanceFacts {
  readonly balanceFen: number;
  /** Whole days the balance lasts at the recent pace, or null when unknown. */
  readonly daysRemaining: number | null;
  readonly lowBalanceDays: number;
}

/**
 * `low_balance` (warning) when `0 < balance ≤ lowBalanceFen`, or when the
 * balance is positive and forecast to last fewer than `lowBalanceDays` whole days.
 */
export function findLowBalance(meter: AlarmMeter, facts: LowBalanceFacts): AlarmFinding | null {
  const { balanceFen, daysRemaining, lowBalanceDays } = facts;
  if (balanceFen <= 0) return null;
  const belowThreshold = balanceFen <= meter.lowBalanceFen;
  const forecastShort = daysRemaining !== null && daysRemaining < lowBalanceDays;
  if (!belowThreshold && !forecastShort) return null;
  const days = daysRemaining === null ? '' : `，约 ${daysRemaining} 天`;
  return {
    kind: 'low_balance',
    severity: 'warning',
    message: `余额不足：剩余 ¥${formatFenAsYuan(balanceFen)}${days}`,
    details: {
      balanceFen,
      lowBalanceFen: meter.lowBalanceFen,
      belowThreshold,
      ...(daysRemaining === null ? {} : { daysRemaining }),
    },
  };
}

/** `balance_exhausted` (critical) when the balance is 0 or in arrears; says whether supply is kept on regardless. */
export function findBalanceExhausted(meter: AlarmMeter, balanceFen: number): AlarmFinding | null {
  if (balanceFen > 0) return null;
  const owed = balanceFen === 0 ? '余额 ¥0.00' : `欠费 ¥${formatFenAsYuan(-balanceFen)}`;
  const kept = meter.keepOn ? `，${meter.utility === 'water' ? '保持供水' : '保持供电'}中` : '';
  return {
    kind: 'balance_exhausted',
    severity: 'critical',
    message: `余额已用完：${owed}${kept}`,
    details: { balanceFen, keepOn: meter.keepOn },
  };
}
