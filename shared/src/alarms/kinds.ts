/**
 * The alarm vocabulary: what can be wrong with a meter, how bad it is, and
 * which alarms clear by themselves. Every alarm rule returns an
 * {@link AlarmFinding}; storing, notifying and acknowledging is the caller's job.
 */

/** Every alarm kind, in the order findings are listed. */
export const ALARM_KINDS = [
  'low_balance',
  'balance_exhausted',
  'supply_cut',
  'communication_lost',
  'meter_fault',
  'low_battery',
  'usage_surge',
  'night_flow',
  'rejected_frame',
  'command_expired',
  'circuit_trip',
  'gateway_offline',
  'purchase_mismatch',
  'params_mismatch',
] as const;

export type AlarmKind = (typeof ALARM_KINDS)[number];

/**
 * Kinds that describe a state of the meter: open while the state lasts and
 * cleared as soon as an evaluation no longer finds it.
 */
export const CONDITION_ALARM_KINDS = [
  'low_balance',
  'balance_exhausted',
  'supply_cut',
  'communication_lost',
  'meter_fault',
  'low_battery',
  'gateway_offline',
] as const satisfies readonly AlarmKind[];

/**
 * Kinds that report something that happened: the evidence does not go away
 * when the state changes, so they stay open until a manager acknowledges them.
 */
export const EVENT_ALARM_KINDS = ['usage_surge', 'night_flow', 'rejected_frame', 'command_expired', 'circuit_trip', 'purchase_mismatch', 'params_mismatch'] as const satisfies readonly AlarmKind[];

/**
 * Kinds a tenant is shown about their own meter: what they can act on or
 * should know (money, supply, a silent or faulty meter, a leak or surge).
 * Rejected frames and expired commands are the operator's business.
 */
export const TENANT_ALARM_KINDS = [
  'low_balance',
  'balance_exhausted',
  'supply_cut',
  'communication_lost',
  'meter_fault',
  'low_battery',
  'usage_surge',
  'night_flow',
  'circuit_trip',
] as const satisfies readonly AlarmKind[];

export type TenantAlarmKind = (typeof TENANT_ALARM_KINDS)[number];

const TENANT_KINDS: ReadonlySet<string> = new Set(TENANT_ALARM_KINDS);

/** True for a kind the tenant is shown (see {@link TENANT_ALARM_KINDS}). */
export function isTenantAlarmKind(kind: string): kind is TenantAlarmKind {
  return TENANT_KINDS.has(kind);
}

export type ConditionAlarmKind = (typeof CONDITION_ALARM_KINDS)[number];
export type EventAlarmKind = (typeof EVENT_ALARM_KINDS)[number];

export type AlarmSeverity = 'info' | 'warning' | 'critical';

/** Facts behind a finding. Amounts are integer fen (`…Fen`), quantities integer base units, instants ISO 8601 strings. */
export type AlarmDetails = Record<string, number | string | boolean>;

/** One alarm condition or event found for a meter. */
export interface AlarmFinding {
  readonly kind: AlarmKind;
  readonly severity: AlarmSeverity;
  /** Short Chinese text for a manager's screen, e.g. `余额不足：剩余 ¥12.34，约 2 天`. */
  readonly message: string;
  readonly details: AlarmDetails;
}

const EVENT_KINDS: ReadonlySet<AlarmKind> = new Set(EVENT_ALARM_KINDS);
const ALL_KINDS: ReadonlySet<string> = new Set(ALARM_KINDS);

/** True for a kind that never clears by itself (see {@link EVENT_ALARM_KINDS}). */
export function isEventAlarmKind(kind: AlarmKind): kind is EventAlarmKind {
  return EVENT_KINDS.has(kind);
}

/** True for a string that names an alarm kind, e.g. one read back from storage. */
export function isAlarmKind(value: unknown): value is AlarmKind {
  return typeof value === 'string' && ALL_KINDS.has(value);
}
