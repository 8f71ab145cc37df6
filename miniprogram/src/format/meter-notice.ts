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

export type NoticeLanguage = 'zh' | 'en';

const WORDS = {
  zh: {
    electricity: { supply: '供电', restore: '恢复供电', cut: '断电' },
    water: { supply: '供水', restore: '开阀供水', cut: '关阀' },
  },
  en: {
    electricity: { supply: 'power', restore: 'power comes back', cut: 'power is cut' },
    water: { supply: 'water', restore: 'the water comes back', cut: 'the valve closes' },
  },
} as const;

interface Words {
  readonly supply: string;
  readonly restore: string;
  readonly cut: string;
}

/** The notices' sentences in each language. */
const TEXT = {
  zh: {
    hold: (w: Words) => `物业已停止${w.supply}，充值不会自动恢复，请联系管理处`,
    restoringBy: (w: Words, by: string) => `已充值，预计 ${by} 前${w.restore}（表计下次上报时执行）`,
    cutting: (w: Words) => `余额已用完，即将${w.cut}，请尽快充值`,
    restoring: (w: Words) => `已充值，表计下次上报时${w.restore}`,
    cut: (w: Words) => `已${w.cut}，充值到余额大于零后自动${w.restore}`,
    arrears: (owed: string) => `已欠费 ${owed}，请尽快充值`,
    low: (line: string) => `余额不足 ${line}，请及时充值`,
  },
  en: {
    hold: (w: Words) => `The management stopped the ${w.supply}: a top-up does not restore it. Please contact the office.`,
    restoringBy: (w: Words, by: string) => `Topped up: ${w.restore} by ${by} (at the meter's next report).`,
    cutting: (_w: Words) => 'The balance is used up and the supply is about to be cut: please top up.',
    restoring: (w: Words) => `Topped up: ${w.restore} at the meter's next report.`,
    cut: (w: Words) => `Cut: ${w.restore} once the balance is above zero.`,
    arrears: (owed: string) => `In arrears by ${owed}: please top up.`,
    low: (line: string) => `Balance below ${line}: please top up soon.`,
  },
} as const;

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
export function meterNotice(meter: MeterView, now: Date, language: NoticeLanguage = 'zh'): MeterNotice | null {
  const w: Words = WORDS[language][meter.utility];
  const text = TEXT[language];
  if (meter.hold) return { kind: 'hold', level: 'danger', text: text.hold(w) };
  // A command still pending for a meter already in the state it asks for (its answer not in yet) is nothing to tell.
  if (meter.pendingSupply?.action === 'restore' && meter.supply === 'off') {
    return { kind: 'restoring', level: 'info', text: text.restoringBy(w, when(meter.pendingSupply.expectedBy, now)) };
  }
  // A cut still on its way after a payment put the balance back above zero is superseded: nothing to tell.
  if (meter.pendingSupply?.action === 'cut' && meter.supply === 'on' && meter.balanceFen <= 0) return { kind: 'cutting', level: 'danger', text: text.cutting(w) };
  // Paid, and the restore not queued yet (it follows the payment within moments) or already sent: it is on its way.
  if (meter.supply === 'off' && meter.balanceFen > 0) return { kind: 'restoring', level: 'info', text: text.restoring(w) };
  if (meter.supply === 'off') return { kind: 'cut', level: 'danger', text: text.cut(w) };
  if (meter.balanceFen <= 0) return { kind: 'arrears', level: 'danger', text: text.arrears(formatBalance(-meter.balanceFen)) };
  if (meter.balanceFen <= meter.lowBalanceFen) return { kind: 'low', level: 'warning', text: text.low(formatBalance(meter.lowBalanceFen)) };
  return null;
}

/** Beyond this the pace says little (a meter barely used, or cut most of the time): the card says "over a year". */
const DAYS_SHOWN_AT_MOST = 365;

/** '约可用 12 天', '预计不足 1 天', '可用 1 年以上', or '可用天数统计中' while the meter's pace is not yet known. */
export function describeDaysLeft(daysLeft: number | null, balanceFen: number, language: NoticeLanguage = 'zh'): string {
  const en = language === 'en';
  if (balanceFen <= 0) return en ? 'Balance used up' : '余额已用完';
  if (daysLeft === null) return en ? 'Days left: still measuring' : '可用天数统计中';
  if (daysLeft < 1) return en ? 'Less than a day left' : '预计不足 1 天';
  if (daysLeft > DAYS_SHOWN_AT_MOST) return en ? 'Over a year left' : '可用 1 年以上';
  return en ? `About ${daysLeft} days left` : `约可用 ${daysLeft} 天`;
}
