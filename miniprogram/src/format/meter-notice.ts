import type { MeterView } from '@prepaid/shared';
import { formatBalance } from './money';
import { formatShanghaiTime } from './reading';

/** How urgent a notice is: it picks its colour. */
export type NoticeLevel = 'info' | 'warning' | 'danger';

export interface MeterNotice {
  /** A stable name for tests and styles: `restoring`, `cut`, `hold`, `arrears`, `low`. */
  readonly kind: 'restoring' | 'cutting' | 'cut' | 'hold' | 'arrears' | 'low';
  readonly level: NoticeLevel;
  readonly text: string;
}

const word = (meter: Pick<MeterView, 'utility'>) =>
  meter.utility === 'electricity' ? { supply: '供电', restore: '恢复供电', cut: '断电' } : { supply: '供水', restore: '开阀供水', cut: '关阀' };

/** 'HH:mm' in Beijing time, with the date when it is not today. */
function when(iso: string, now: Date): string {
  const stamp = formatShanghaiTime(iso); // 'YYYY-MM-DD HH:mm'
  return stamp.slice(0, 10) === formatShanghaiTime(now.toISOString()).slice(0, 10) ? stamp.slice(11) : stamp.slice(5);
}

/**
 * The one thing a tenant must know about a meter now, or null when all is
 * well, most urgent first: a manager's cut (no recharge lifts it), power on
 * its way back after a recharge (and when: a sleeping meter takes the command
 * at its next report), a cut on its way, a cut meter, a balance at or below
 * zero, a low balance.
 */
export function meterNotice(meter: MeterView, now: Date): MeterNotice | null {
  const w = word(meter);
  if (meter.hold) return { kind: 'hold', level: 'danger', text: `物业已停止${w.supply}，充值不会自动恢复，请联系管理处` };
  // A command still pending for a meter already in the state it asks for (its answer not in yet) is nothing to tell.
  if (meter.pendingSupply?.action === 'restore' && meter.supply === 'off') {
    return { kind: 'restoring', level: 'info', text: `已充值，预计 ${when(meter.pendingSupply.expectedBy, now)} 前${w.restore}（表计下次上报时执行）` };
  }
  // A cut still on its way after a payment put the balance back above zero is superseded: nothing to tell.
  if (meter.pendingSupply?.action === 'cut' && meter.supply === 'on' && meter.balanceFen <= 0) return { kind: 'cutting', level: 'danger', text: `余额已用完，即将${w.cut}，请尽快充值` };
  // Paid, and the restore not queued yet (it follows the payment within moments) or already sent: it is on its way.
  if (meter.supply === 'off' && meter.balanceFen > 0) return { kind: 'restoring', level: 'info', text: `已充值，表计下次上报时${w.restore}` };
  if (meter.supply === 'off') return { kind: 'cut', level: 'danger', text: `已${w.cut}，充值到余额大于零后自动${w.restore}` };
  if (meter.balanceFen <= 0) return { kind: 'arrears', level: 'danger', text: `已欠费 ${formatBalance(-meter.balanceFen)}，请尽快充值` };
  if (meter.balanceFen <= meter.lowBalanceFen) return { kind: 'low', level: 'warning', text: `余额不足 ${formatBalance(meter.lowBalanceFen)}，请及时充值` };
  return null;
}

/** '约可用 12 天', '不足 1 天', or '用量统计中' while the meter's pace is not yet known. */
export function describeDaysLeft(daysLeft: number | null, balanceFen: number): string {
  if (balanceFen <= 0) return '余额已用完';
  if (daysLeft === null) return '可用天数统计中';
  return daysLeft < 1 ? '预计不足 1 天' : `约可用 ${daysLeft} 天`;
}
