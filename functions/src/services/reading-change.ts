import { advancesBaseline, alarmNotices, daysNoticeDue, DEFAULT_LOW_BALANCE_DAYS, noticesFromAlarms, type NoticeIntent, type PushDecision } from '@prepaid/shared';
import type { Deps } from '../deps';
import type { ItemUpdate, MeterState, StoredCommand, StoredReading, WalletChange } from '../store';
import { newCommand } from './commands';

type ChangeDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'config'>;

export interface ReadingChangeInput {
  readonly state: MeterState;
  readonly decision: PushDecision;
  /** The reading as it is filed (its status and charge come from the decision). */
  readonly base: Pick<StoredReading, 'meterId' | 'value' | 'unit' | 'at' | 'source' | 'receivedAt'> & { readonly reportedAt?: string; readonly registers?: StoredReading['registers']; readonly raw?: string };
  readonly now: Date;
}

/** The change, the supply command it queues (for the reaction that sends it) and what the tenant is to be told once it is written. */
export interface ReadingChange {
  readonly change: WalletChange<StoredReading>;
  readonly command: StoredCommand | null;
  readonly notices: readonly NoticeIntent[];
}

/**
 * Everything one reading does, as one wallet transaction: the reading (its
 * own guard: the same meter and instant is one reading), the wallet's
 * balance, billing state and pace, the charge entry, the usage aggregates,
 * the alarms raised, merged and cleared, the meter's presence and the supply
 * command the rule found missing (conditioned on the meter's supply facts as
 * loaded). A common push writes the reading, the wallet, the entry and the
 * two aggregates; the rest is written only when something changes.
 */
export function readingChange(deps: ChangeDeps, input: ReadingChangeInput): ReadingChange {
  const { state, decision, base, now } = input;
  const at = now.toISOString();
  const reading = readingOf(decision, base);
  const billing = decision.verdict?.kind === 'assessed' ? decision.verdict.billing : null;
  const charge = billing?.charge ?? null;
  const command = decision.supply ? newCommand(deps, state.meter.id, decision.supply, 'system:supply', `balance ${decision.balanceAfterFen} fen`) : null;
  const meterUpdate = meterUpdateOf(deps, state, decision, command, at);
  const clears = decision.alarms.clear.flatMap((kind) => {
    const open = state.openAlarms.find((alarm) => alarm.kind === kind);
    return open ? [deps.store.alarms.clearOps(open, at, deps.ids.next())] : [];
  });
  const alarmChange = { open: state.openAlarms, diff: decision.alarms, findings: decision.findings, at, occurrence: `reading:${base.at}`, balanceFen: decision.balanceAfterFen, lowBalanceDays: DEFAULT_LOW_BALANCE_DAYS };
  const notices = [
    ...noticesFromAlarms(alarmChange),
    // An event (a surge, water at night) opens an alarm unless one of its kind is open already (then it merges, untold).
    ...alarmNotices(decision.events.filter((event) => !state.openAlarms.some((alarm) => alarm.kind === event.kind)), `reading:${base.at}`, at),
  ];
  // The days left fell under the threshold while the low-balance alarm is open: its details take the new facts, so this is told once.
  const days = daysNoticeDue(alarmChange);
  const updates: ItemUpdate[] = [
    ...deps.store.usage.addUpdates(state.meter.id, decision.usage.map((delta) => ({ at: delta.at, quantity: delta.quantity, costMicroFen: Number(delta.costMicroFen) }))),
    ...revisionUpdates(deps, state.meter.id, decision),
    ...[...decision.alarms.raise, ...decision.events, ...(days ? [days.finding] : [])].map((finding) => deps.store.alarms.raiseUpdate({ meterId: state.meter.id, ...finding, raisedAt: at })),
    ...(meterUpdate ? [meterUpdate] : []),
    ...(command && state.meter.pendingSupply ? [deps.store.commands.supersedeUpdate({ meterId: state.meter.id, ...state.meter.pendingSupply, id: state.meter.pendingSupply.commandId }, at)] : []),
  ];
  const change: WalletChange<StoredReading> = {
    deltaFen: -decision.chargeFen,
    state: {
      ...(billing && advancesBaseline(billing.assessment)
        ? {
            lastReading: billing.next.lastReading ? { value: billing.next.lastReading.value, at: billing.next.lastReading.at.toISOString() } : null,
            remainderMicroFen: billing.next.remainderMicroFen,
            cycle: billing.next.cycle,
            lastRegisters: billing.next.lastRegisters ?? null,
            historyRev: state.wallet.historyRev + 1,
          }
        : {}),
      pace: decision.pace,
    },
    consumption: { at: base.receivedAt, quantity: decision.usage.reduce((sum, delta) => sum + delta.quantity, 0) },
    guardItem: { ...reading, ...(reading.status === 'anomaly' ? deps.store.readings.anomalyIndex(reading.meterId, reading.at) : {}), ...(base.raw ? { raw: base.raw } : {}) },
    ...(charge && charge.chargeFen !== 0
      ? {
          entry: {
            id: deps.ids.next(),
            kind: 'charge',
            amountFen: -charge.chargeFen,
            at: base.receivedAt,
            quantity: charge.quantity,
            readingAt: base.at,
            items: charge.items.map((item) => ({ label: item.label, quantity: item.quantity, pricePer10kYuan: item.pricePer10kYuan, costMicroFen: item.costMicroFen.toString() })),
          },
        }
      : {}),
    updates,
    deletes: clears.map((clear) => clear.remove),
    puts: [...clears.map((clear) => clear.put), ...(command ? [deps.store.commands.item(command)] : [])],
    result: reading,
  };
  return { change, command, notices };
}

/** A later reading whose interval a reading placed before it split, or whose tier position moved: its quantity and cost as they now are. */
function revisionUpdates(deps: ChangeDeps, meterId: string, decision: PushDecision): ItemUpdate[] {
  if (decision.verdict?.kind !== 'assessed') return [];
  return decision.verdict.revisions.map((revision) => deps.store.readings.reviseUpdate(meterId, revision.at.toISOString(), { quantity: revision.quantity, costMicroFen: revision.costMicroFen }));
}

/** The reading as filed: its status from the verdict, its charge when it bills. */
function readingOf(decision: PushDecision, base: ReadingChangeInput['base']): StoredReading {
  const { raw: _raw, ...fields } = base;
  if (decision.verdict?.kind !== 'assessed') return { ...fields, status: 'anomaly', reason: 'time_out_of_range' };
  const { assessment, charge } = decision.verdict.billing;
  const status: StoredReading['status'] = assessment.kind === 'consumption' || assessment.kind === 'rollover' ? 'billed' : assessment.kind;
  return {
    ...fields,
    status,
    ...(assessment.kind === 'anomaly' ? { reason: assessment.reason } : {}),
    ...(assessment.kind === 'rollover' ? { reason: 'rollover' } : {}),
    ...(charge ? { quantity: charge.quantity, chargeFen: charge.chargeFen, costMicroFen: charge.readingMicroFen.toString() } : {}),
  };
}

/** The meter-record part of a push: its presence, and the supply command it queues under the supply facts it was decided on. */
function meterUpdateOf(deps: ChangeDeps, state: MeterState, decision: PushDecision, command: StoredCommand | null, at: string): ItemUpdate | null {
  if (!decision.heard && !command) return null;
  return deps.store.meters.pushUpdate(state.meter.id, {
    ...(decision.heard ? { heardAt: at } : {}),
    ...(command && decision.supply ? { pending: { commandId: command.id, action: decision.supply, createdAt: command.createdAt }, expectRevision: state.meter.supplyRevision } : {}),
  });
}
