import { AppError, desiredSupply, missingSupplyCommand, type SupplyAction, type SupplyFacts, type SupplyState } from '@prepaid/shared';
import type { Deps } from '../deps';
import type { MeterRecord, StoredCommand } from '../store';
import { dispatchCommand, newCommand, queueKeepCommand } from './commands';

type SupplyDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'config' | 'downlinks' | 'log' | 'messages' | 'sms' | 'metrics'>;

/** Decisions made on facts that moved before the command was queued are made again, this many times. */
const MAX_DECISIONS = 5;

/** After n supply commands failed or expired in a row, the next waits 1 min × 4^(n−1), at most 6 hours. */
export const supplyBackoffMs = (failures: number): number => Math.min(6 * 3_600_000, 60_000 * 4 ** Math.max(0, Math.min(failures - 1, 8)));

/** Who asks, and whether a run of failures makes it wait (a command's outcome or a sweep does; a new payment does not). */
export interface SupplyCause {
  readonly requestedBy?: string;
  readonly reason?: string;
  readonly respectBackoff?: boolean;
}

/** The supply facts of a meter and its balance. */
export function supplyFacts(meter: MeterRecord, balanceFen: number): SupplyFacts {
  // A meter that keeps its own balance cuts itself at its own zero: the rule follows the balance it last reported (funded until it has).
  const balance = meter.billing === 'meter' ? (meter.meterSide?.balanceFen ?? 1) : balanceFen;
  return { balanceFen: balance, keepOn: meter.keepOn, hold: meter.supplyHold !== null, reported: meter.supply, pending: meter.pendingSupply?.action ?? null };
}

/**
 * The supply rule as a reconciliation: reads the meter and its balance
 * together, asks the rule which command is missing (see
 * `missingSupplyCommand`) and queues it, conditioned on those very facts; if
 * any moved meanwhile (a payment, a charge across zero, a command's outcome,
 * a hold) it reads and decides again. Run after every posting, every command
 * outcome and on every sweep: whatever happened in between, the meter ends
 * with the command it needs, and only that one.
 */
export async function reconcileSupply(deps: SupplyDeps, meterId: string, cause: SupplyCause = {}): Promise<StoredCommand | null> {
  for (let decision = 0; decision < MAX_DECISIONS; decision++) {
    const snapshot = await deps.store.meters.supplySnapshot(meterId);
    if (!snapshot) return null;
    const { meter, balanceFen } = snapshot;
    const action = missingSupplyCommand(supplyFacts(meter, balanceFen));
    if (!action || (cause.respectBackoff && backingOff(meter, deps.clock.now()))) return null;
    const pending = meter.pendingSupply ?? null;
    const superseding = pending ? await deps.store.commands.get(meter.id, pending.createdAt, pending.commandId) : null;
    const command = newCommand(deps, meter.id, action, cause.requestedBy ?? 'system:supply', cause.reason ?? reasonFor(action, meter, balanceFen));
    const queued = await deps.store.commands.enqueue(command, {
      ...(superseding ? { superseding } : {}),
      basis: { supplyRevision: meter.supplyRevision, balancePositive: balanceFen > 0 },
    });
    if (queued) {
      deps.log.info({ meterId, commandId: queued.id, action }, 'supply command queued');
      return queued;
    }
  }
  deps.log.warn({ meterId }, 'supply facts kept moving; the next posting or sweep reconciles again');
  return null;
}

/** A meter whose supply commands keep failing (a jammed valve, a relay that refuses) is not sent another before its backoff. */
function backingOff(meter: MeterRecord, now: Date): boolean {
  if (meter.supplyFailures === 0 || !meter.lastSupplyFailureAt) return false;
  return now.getTime() < Date.parse(meter.lastSupplyFailureAt) + supplyBackoffMs(meter.supplyFailures);
}

function reasonFor(action: SupplyAction, meter: MeterRecord, balanceFen: number): string {
  if (meter.supplyHold) return `manager hold: ${meter.supplyHold.reason}`;
  return action === 'cut' ? `balance ${balanceFen} fen` : meter.keepOn ? 'keep-on' : `balance ${balanceFen} fen`;
}

/** Reconciles, then makes the first attempt to send what was queued (a failed attempt stays queued for the dispatcher). */
export async function reconcileAndSend(deps: SupplyDeps, meterId: string, cause: SupplyCause = {}): Promise<StoredCommand | null> {
  const queued = await reconcileSupply(deps, meterId, cause);
  return queued ? dispatchCommand(deps, queued) : null;
}

export interface ManualSupplyOutcome {
  /** The command queued (and tried once), or null when nothing was missing. */
  readonly command: StoredCommand | null;
  /** What the supply rule now wants. */
  readonly desired: SupplyState;
  readonly hold: boolean;
}

/**
 * A manager's cut or restore. A manual cut is a hold that no credit lifts;
 * a manual restore lifts the hold, after which the balance rule decides: a
 * meter at 0 or below without keep-on stays cut (the answer says so).
 * keep_on / keep_off set the meter's keep-on and send the meter's own keep
 * command (electricity only).
 */
export async function manualSupplyCommand(
  deps: SupplyDeps,
  meter: MeterRecord,
  action: 'cut' | 'restore' | 'keep_on' | 'keep_off',
  by: string,
  reason: string,
): Promise<ManualSupplyOutcome & { keepCommand?: StoredCommand | null }> {
  const at = deps.clock.now().toISOString();
  let keepCommand: StoredCommand | null | undefined;
  if (action === 'cut' && meter.keepOn && meter.utility === 'electricity') {
    // A meter in keep-power mode refuses to trip: the manager's cut ends keep-on first.
    await deps.store.meters.setKeepOn(meter.id, false);
    keepCommand = await queueKeepCommand(deps, meter, 'keep_off', by, reason);
    if (keepCommand) await dispatchCommand(deps, keepCommand);
  }
  if (action === 'cut') await deps.store.meters.setSupplyHold(meter.id, { by, at, reason });
  else if (action === 'restore') await deps.store.meters.setSupplyHold(meter.id, null);
  else {
    if (meter.utility === 'water') throw new AppError('command.unsupported', 400, 'Water valves have no keep-on mode', { details: { field: 'body.action' } });
    await deps.store.meters.setKeepOn(meter.id, action === 'keep_on');
    keepCommand = await queueKeepCommand(deps, meter, action, by, reason);
    if (keepCommand) keepCommand = await dispatchCommand(deps, keepCommand);
  }
  const queued = await reconcileAndSend(deps, meter.id, { requestedBy: by, reason });
  const snapshot = await deps.store.meters.supplySnapshot(meter.id);
  const facts = snapshot ? supplyFacts(snapshot.meter, snapshot.balanceFen) : null;
  // A reconciliation running at the same moment (after a payment, a reading) may have queued the command this request's hold
  // called for, between the hold and our own reconciliation: it is this request's command all the same, and the answer shows it.
  const pending = snapshot?.meter.pendingSupply ?? null;
  const raced = !queued && pending && pending.createdAt >= at ? await deps.store.commands.get(meter.id, pending.createdAt, pending.commandId) : null;
  const command = queued ?? raced;
  return { command, desired: facts ? desiredSupply(facts) : 'off', hold: facts?.hold ?? false, ...(keepCommand !== undefined ? { keepCommand } : {}) };
}

/**
 * The scheduled dispatcher: every active command whose next attempt is due is
 * sent again or expires; a command that ended (expired) is followed by the
 * supply rule, which queues a fresh one if the meter still needs it.
 */
export async function dispatchDueCommands(deps: SupplyDeps, options: { limit?: number; only?: (command: StoredCommand) => boolean } = {}): Promise<number> {
  // `only`: the commands of some meters (a test sharing the table with others dispatches its own, on its own clock).
  const due = (await deps.store.commands.due(deps.clock.now().toISOString(), options.limit ?? 50)).filter(options.only ?? (() => true));
  deps.metrics.add('CommandsPending', due.length);
  for (const command of due) {
    try {
      const after = await dispatchCommand(deps, command);
      // An expiry ends a day of attempts: a fresh command starts at once (no tight loop is possible here).
      if (after.status === 'expired') await reconcileSupply(deps, command.meterId);
    } catch (error) {
      deps.log.error({ err: error, commandId: command.id }, 'dispatch failed');
    }
  }
  return due.length;
}
