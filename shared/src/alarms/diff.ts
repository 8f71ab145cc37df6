/**
 * Turns one evaluation into changes to a meter's open alarms: what to raise,
 * what to clear. Condition kinds follow the state; event kinds wait for a
 * manager (see `EVENT_ALARM_KINDS`).
 */
import { isEventAlarmKind, type AlarmFinding, type AlarmKind, type ConditionAlarmKind } from './kinds';

/** What to do with a meter's alarms after an evaluation. */
export interface AlarmDiff {
  /** Findings of kinds not open yet: at most one per kind, the first found. */
  readonly raise: AlarmFinding[];
  /** Open condition kinds no longer found, each once, in the order given. */
  readonly clear: ConditionAlarmKind[];
}

/**
 * Compares the kinds open for a meter with the latest findings. A kind already
 * open is never raised again (its first finding stands until it closes); an
 * event kind is never cleared, found or not. Pure and order-preserving.
 *
 * @example diffAlarms(['low_balance'], [exhausted]) // { raise: [exhausted], clear: ['low_balance'] }
 */
export function diffAlarms(open: readonly AlarmKind[], findings: readonly AlarmFinding[]): AlarmDiff {
  const openKinds = new Set(open);
  const foundKinds = new Set(findings.map((finding) => finding.kind));
  const raised = new Set<AlarmKind>();
  const raise: AlarmFinding[] = [];
  for (const finding of findings) {
    if (openKinds.has(finding.kind) || raised.has(finding.kind)) continue;
    raised.add(finding.kind);
    raise.push(finding);
  }
  const clear: ConditionAlarmKind[] = [];
  for (const kind of openKinds) {
    if (!isEventAlarmKind(kind) && !foundKinds.has(kind)) clear.push(kind);
  }
  return { raise, clear };
}
