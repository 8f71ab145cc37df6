import {
  alarmNotices,
  daysNoticeDue,
  DEFAULT_LOW_BALANCE_DAYS,
  diffAlarms,
  noticesFromAlarms,
  evaluateMeterAlarms,
  isAlarmKind,
  isTenantAlarmKind,
  notFound,
  type List,
  type TenantAlarmView,
  type AlarmFinding,
  type ConditionAlarmKind,
  type AlarmMeterStatus,
  type AlarmUsageInterval,
} from '@prepaid/shared';
import type { Deps } from '../deps';
import type { MeterRecord, Store, StoredReading } from '../store';
import type { Principal } from '../http/types';
import { assertCanRead } from './meters';
import { notifyAll } from './notifications';

type AlarmDeps = Pick<Deps, 'store' | 'clock' | 'log' | 'ids' | 'config' | 'messages' | 'sms' | 'metrics'>;

/** How many recent readings the usage rules look at: two days of hourly reports. */
const RECENT_READINGS = 50;

/**
 * Re-evaluates a meter's alarms (pure rules in shared/alarms) and applies the
 * difference: raises what is newly found, clears condition alarms whose
 * condition is gone. Event alarms stay until a manager acknowledges them.
 */
export async function evaluateAlarms(
  deps: AlarmDeps,
  meter: MeterRecord,
  options: { status?: AlarmMeterStatus; balanceFen?: number } = {},
): Promise<{ raised: string[]; cleared: string[] }> {
  const now = deps.clock.now();
  const [view, recent, open] = await Promise.all([
    options.balanceFen !== undefined ? { balanceFen: options.balanceFen } : deps.store.meters.getView(meter.id),
    deps.store.readings.list(meter.id, { limit: RECENT_READINGS }),
    deps.store.alarms.openFor(meter.id),
  ]);
  const found = evaluateMeterAlarms({
    meter: { id: meter.id, utility: meter.utility, lowBalanceFen: meter.lowBalanceFen, keepOn: meter.keepOn, supply: meter.supply },
    balanceFen: view?.balanceFen ?? 0,
    now,
    recentUsage: usageIntervals(recent.items),
    ...costPerUnit(recent.items),
    ...(options.status ? { status: options.status } : {}),
    lastReportAt: meter.lastReportAt ? new Date(meter.lastReportAt) : null,
  });
  // Behind a gateway that is offline a meter's silence is the gateway's: one alarm for the gateway, none for each of its meters.
  const gatewayDown = meter.platform === 'gateway' && (await deps.store.gateways.get(meter.deviceId))?.online === false;
  const findings = gatewayDown ? found.filter((finding) => finding.kind !== 'communication_lost') : found;
  const diff = diffAlarms(open.map((alarm) => alarm.kind).filter(isAlarmKind), findings);
  // Only what this evaluation itself changed is told: a raise or clear that another path won is that path's to tell.
  const raised: AlarmFinding[] = [];
  for (const finding of diff.raise) if (await raise(deps, meter.id, finding, now)) raised.push(finding);
  const cleared: ConditionAlarmKind[] = [];
  for (const kind of diff.clear) {
    const closed = await deps.store.alarms.close(meter.id, kind, { status: 'cleared', at: now.toISOString(), by: 'system' }).then(() => true, () => false);
    if (closed) cleared.push(kind);
  }
  const change = { open, diff: { raise: raised, clear: cleared }, findings, at: now.toISOString(), occurrence: deps.ids.next(), balanceFen: view?.balanceFen ?? 0, lowBalanceDays: DEFAULT_LOW_BALANCE_DAYS };
  const days = daysNoticeDue(change);
  if (days) await raise(deps, meter.id, days.finding, now);
  await notifyAll(deps, meter.id, noticesFromAlarms(change));
  return { raised: diff.raise.map((finding) => finding.kind), cleared: diff.clear };
}

/**
 * What makes an event alarm the same event: the night of a night-flow, the
 * interval of a surge, the command that expired. Null for kinds whose every
 * occurrence is new (a rejected frame).
 */
export function evidenceOf(kind: string, details: Readonly<Record<string, unknown>>): string | null {
  if (kind === 'night_flow' && details.night !== undefined) return String(details.night);
  if (kind === 'usage_surge' && details.intervalTo !== undefined) return `${String(details.intervalFrom)}/${String(details.intervalTo)}`;
  if (kind === 'command_expired' && details.commandId !== undefined) return String(details.commandId);
  return null;
}

export async function raise(deps: Pick<Deps, 'store' | 'log'>, meterId: string, finding: AlarmFinding, now: Date): Promise<boolean> {
  // An event a manager already acknowledged is not raised again on the same evidence.
  const evidence = evidenceOf(finding.kind, finding.details);
  if (evidence !== null && (await deps.store.alarms.acknowledgedEvidence(meterId, finding.kind)) === evidence) return false;
  const raised = await deps.store.alarms.raise({ meterId, ...finding, raisedAt: now.toISOString() });
  if (raised) deps.log.info({ meterId, kind: finding.kind }, 'alarm raised');
  return raised;
}

/**
 * Raises an alarm found outside an evaluation of the meter (a command that
 * expired, a frame the meter sent that was refused) and, when it is newly
 * open, tells the building's managers of the kinds they are told of — as the
 * push path and the evaluation do for theirs. Named by when it opened, so a
 * retry tells no one twice.
 */
export async function raiseAndTell(deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'log' | 'config' | 'messages' | 'sms' | 'metrics'>, meterId: string, finding: AlarmFinding, now: Date): Promise<boolean> {
  const raised = await raise(deps, meterId, finding, now);
  if (raised) await notifyAll(deps, meterId, alarmNotices([finding], `raised:${now.toISOString()}`, now.toISOString()));
  return raised;
}

/** Billed readings, oldest first, as consumption intervals. */
function usageIntervals(readings: readonly StoredReading[]): AlarmUsageInterval[] {
  const accepted = readings.filter((r) => r.status === 'billed' || r.status === 'baseline').reverse();
  const intervals: AlarmUsageInterval[] = [];
  for (let i = 1; i < accepted.length; i++) {
    const previous = accepted[i - 1]!;
    const current = accepted[i]!;
    if (current.status === 'billed' && current.quantity !== undefined && current.at > previous.at) {
      intervals.push({ from: new Date(previous.at), to: new Date(current.at), quantity: current.quantity });
    }
  }
  return intervals;
}

/** The recent average exact cost of one base unit, for the days-remaining forecast. */
function costPerUnit(readings: readonly StoredReading[]): { lastCostPerUnitMicroFen?: bigint } {
  let cost = 0n;
  let quantity = 0n;
  for (const reading of readings) {
    if (reading.status !== 'billed' || !reading.costMicroFen || !reading.quantity) continue;
    cost += BigInt(reading.costMicroFen);
    quantity += BigInt(reading.quantity);
  }
  // Floor: a forecast that errs long by under a micro-fen per unit is harmless.
  return quantity > 0n ? { lastCostPerUnitMicroFen: cost / quantity } : {};
}

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;

/**
 * The meter's open alarms as its tenant is shown them (`GET
 * /v1/meters/{meterId}/alarms`): only the kinds a tenant can act on, without
 * the operator's message and details; most severe first, then the newest.
 */
export async function tenantAlarmsOf(store: Store, principal: Principal, meterId: string): Promise<List<TenantAlarmView>> {
  await assertCanRead(store, principal, meterId);
  if (!(await store.meters.get(meterId))) throw notFound('meter.not_found', `No meter "${meterId}"`);
  const open = await store.alarms.openFor(meterId);
  const items = open
    .flatMap(({ kind, severity, raisedAt, lastSeenAt, count }): TenantAlarmView[] =>
      isTenantAlarmKind(kind) ? [{ kind, severity, since: raisedAt, lastSeenAt: lastSeenAt ?? raisedAt, count }] : [],
    )
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.since.localeCompare(a.since));
  return { items, next: null };
}
