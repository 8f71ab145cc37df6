import type { AlarmDiff } from '../alarms/diff';
import type { AlarmDetails, AlarmFinding } from '../alarms/kinds';
import { MANAGER_ALARM_KINDS, type NoticeIntent } from './kinds';

/** An alarm that is open, as stored: when it was raised and with what details. */
export interface OpenAlarmFacts {
  readonly kind: string;
  readonly raisedAt: string;
  readonly details: Readonly<AlarmDetails>;
}

export interface AlarmChange {
  /** The alarms open before the change. */
  readonly open: readonly OpenAlarmFacts[];
  readonly diff: AlarmDiff;
  /** Every finding of the evaluation (the open low-balance alarm's may now be shorter of days). */
  readonly findings: readonly AlarmFinding[];
  /** When the change is written (a raised alarm's `raisedAt`). */
  readonly at: string;
  /**
   * Names this change, uniquely for the meter: the reading that made it
   * (`reading:<at>`: one reading per meter and instant) or an id. A retry of
   * the same change tells nothing twice; two crossings are always two.
   */
  readonly occurrence: string;
  readonly balanceFen: number;
  readonly lowBalanceDays: number;
}

/**
 * The notices a change of a meter's alarms gives the tenant:
 * - `low_balance` once per crossing: when the alarm opens (it opens once and
 *   stays open, however many readings follow, until a credit clears it), and
 *   once more if, while it is open, the days left fall under the threshold
 *   when they had not at the crossing (see {@link daysNoticeDue});
 * - `supply_cut` when the supply-cut alarm opens, `supply_restored` when it clears.
 * Each carries a `dedupe` naming the change, so a retry tells it once.
 */
export function noticesFromAlarms(change: AlarmChange): NoticeIntent[] {
  const notices: NoticeIntent[] = [];
  const { at, balanceFen, occurrence } = change;
  for (const finding of change.diff.raise) {
    if (finding.kind === 'low_balance') {
      notices.push({ kind: 'low_balance', dedupe: `low_balance:${occurrence}`, facts: { at, balanceFen, ...daysOf(finding.details) } });
    } else if (finding.kind === 'supply_cut') {
      notices.push({ kind: 'supply_cut', dedupe: `supply_cut:${occurrence}`, facts: { at, balanceFen } });
    }
  }
  for (const kind of change.diff.clear) {
    if (kind === 'supply_cut' && change.open.some((alarm) => alarm.kind === kind)) notices.push({ kind: 'supply_restored', dedupe: `supply_restored:${occurrence}`, facts: { at, balanceFen } });
  }
  notices.push(...alarmNotices(change.diff.raise, occurrence, at));
  const days = daysNoticeDue(change);
  if (days) notices.push({ kind: 'low_balance', dedupe: `low_balance:${occurrence}:days`, facts: { at, balanceFen, ...daysOf(days.finding.details) } });
  return notices;
}

/**
 * The second low-balance notice: the alarm is open and stays open, it was
 * raised with enough days left (the balance crossed the amount threshold
 * first), and now the days left are under the threshold. The caller merges
 * the finding into the open alarm, so its details say the days were told.
 */
export function daysNoticeDue(change: Pick<AlarmChange, 'open' | 'diff' | 'findings' | 'lowBalanceDays'>): { open: OpenAlarmFacts; finding: AlarmFinding } | null {
  const open = change.open.find((alarm) => alarm.kind === 'low_balance');
  if (!open || change.diff.clear.includes('low_balance')) return null;
  const finding = change.findings.find((found) => found.kind === 'low_balance');
  if (!finding) return null;
  const short = (details: Readonly<AlarmDetails>) => typeof details.daysRemaining === 'number' && details.daysRemaining < change.lowBalanceDays;
  return short(finding.details) && !short(open.details) ? { open, finding } : null;
}

const daysOf = (details: Readonly<AlarmDetails>) => (typeof details.daysRemaining === 'number' ? { daysRemaining: details.daysRemaining } : {});

const MANAGER_KINDS: ReadonlySet<string> = new Set(MANAGER_ALARM_KINDS);

/**
 * The notices for the managers of a meter's building: one `alarm` per newly
 * opened alarm of a kind they are told of ({@link MANAGER_ALARM_KINDS}),
 * named by the change (a retry tells nothing twice).
 */
export function alarmNotices(opened: readonly AlarmFinding[], occurrence: string, at: string): NoticeIntent[] {
  return opened
    .filter((finding) => MANAGER_KINDS.has(finding.kind))
    .map((finding) => ({ kind: 'alarm', dedupe: `alarm:${finding.kind}:${occurrence}`, facts: { at, alarmKind: finding.kind, alarmText: finding.message } }));
}
