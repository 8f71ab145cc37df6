import { AppError, notFound, type MassActionRequest } from '@prepaid/shared';
import type { Deps } from '../deps';
import type { Principal } from '../http/types';
import type { StoredMassAction } from '../store';
import { actorOf } from './audit';
import { dispatchCommand, queueKeepCommand } from './commands';
import { managesBuilding } from './scope';
import { reconcileAndSend } from './supply-control';

type MassDeps = Deps;

const MIN_LEAD_MS = 10 * 60_000;
const MAX_SPAN_MS = 31 * 86_400_000;
/** Meters switched at a time: each is a few writes and, for electricity, a command to its platform. */
const CONCURRENCY = 4;

/**
 * `POST /v1/admin/buildings/{buildingId}/mass-actions` `{action:'keep_on', until, reason}`:
 * keep every meter of a building on (a heat wave, the Spring Festival) until
 * an end time. Nothing happens until a second member of staff approves it.
 */
export async function requestMassAction(deps: MassDeps, principal: Principal, buildingId: string, body: MassActionRequest): Promise<StoredMassAction> {
  if (!managesBuilding(principal, buildingId) || (await deps.store.estate.buildings([buildingId])).length === 0) throw notFound('building.not_found', `No building "${buildingId}"`);
  const now = deps.clock.now();
  const untilMs = Date.parse(body.until);
  if (untilMs < now.getTime() + MIN_LEAD_MS || untilMs > now.getTime() + MAX_SPAN_MS) {
    throw new AppError('mass.bad_until', 400, 'The end time must be between 10 minutes and 31 days from now', { details: { field: 'body.until' } });
  }
  // One at a time per building: a second keep-on would skip the meters the first switched, and the first's end would switch them back under it.
  const { items: recent } = await deps.store.massActions.list(buildingId, { limit: 20 });
  const running = recent.find((other) => other.status === 'awaiting_approval' || other.status === 'active');
  if (running) throw new AppError('mass.overlapping', 409, 'The building already has a keep-on asked for or running: end or reject it first', { details: { actionId: running.id, status: running.status } });
  const action: StoredMassAction = {
    id: deps.ids.next(),
    buildingId,
    action: body.action,
    reason: body.reason,
    until: new Date(untilMs).toISOString(),
    status: 'awaiting_approval',
    requestedBy: actorOf(principal),
    createdAt: now.toISOString(),
    applied: [],
  };
  await deps.store.massActions.create(action);
  return action;
}

async function actionInScope(deps: MassDeps, principal: Principal, id: string): Promise<StoredMassAction> {
  const action = await deps.store.massActions.get(id);
  if (!action || !managesBuilding(principal, action.buildingId)) throw notFound('mass.not_found', `No mass action "${id}"`);
  return action;
}

/** How long a run has to finish switching before the sweep carries it on (a run stopped by a crash or a timeout). */
const RESUME_AFTER_MS = 2 * 60_000;
const resumeAt = (deps: MassDeps): string => new Date(deps.clock.now().getTime() + RESUME_AFTER_MS).toISOString();

/**
 * A second member of staff approves: the action is claimed (awaiting → active,
 * by someone other than who asked) before any meter is touched, then every
 * meter of the building not already on keep-on is put on it (the meter's own
 * keep command for electricity; the supply rule restores a meter cut for
 * arrears). Those meters, and only those, are switched back at the end.
 */
export async function approveMassAction(deps: MassDeps, principal: Principal, id: string, note?: string): Promise<StoredMassAction> {
  const action = await actionInScope(deps, principal, id);
  const by = actorOf(principal);
  if (action.requestedBy === by) throw new AppError('mass.same_person', 403, 'Another member of staff must approve what you asked for');
  const approved = await deps.store.massActions.approve(action, by, deps.clock.now().toISOString(), resumeAt(deps), note);
  if (!approved) throw new AppError('mass.already_decided', 409, `The action is already ${(await deps.store.massActions.get(id))?.status ?? 'decided'}`);
  const applied = await applyMassAction(deps, approved);
  return { ...approved, applied, appliedAt: deps.clock.now().toISOString() };
}

/**
 * Switches every meter of the building on for the action, each claimed on
 * its own (the meter's keep-on and the record that the action did it, in one
 * transaction): safe to run again or concurrently — the approval and the
 * sweep carrying it on — and a meter is switched, and sent its command, once.
 */
async function applyMassAction(deps: MassDeps, action: StoredMassAction): Promise<string[]> {
  const by = action.decidedBy ?? 'system';
  const reason = `mass ${action.id}: ${action.reason}`;
  await inBatches(await deps.store.meters.idsInBuilding(action.buildingId), async (meterId) => {
    const meter = await deps.store.meters.get(meterId);
    if (!meter || meter.keepOn) return;
    if (!(await deps.store.massActions.applyTo(action.id, meter.id, deps.clock.now().toISOString()))) return;
    if (meter.utility === 'electricity') {
      const command = await queueKeepCommand(deps, meter, 'keep_on', by, reason);
      if (command) await dispatchCommand(deps, command);
    }
    await reconcileAndSend(deps, meter.id, { requestedBy: by, reason });
  });
  const applied = (await deps.store.massActions.appliedMeters(action.id)).map((entry) => entry.meterId).sort();
  await deps.store.massActions.recordApplied(action, applied, deps.clock.now().toISOString());
  return applied;
}

export async function rejectMassAction(deps: MassDeps, principal: Principal, id: string, note: string): Promise<StoredMassAction> {
  await actionInScope(deps, principal, id);
  const rejected = await deps.store.massActions.reject(id, actorOf(principal), deps.clock.now().toISOString(), note);
  if (!rejected) throw new AppError('mass.already_decided', 409, `The action is already ${(await deps.store.massActions.get(id))?.status ?? 'decided'}`);
  return rejected;
}

/** A manager ends an active action before its time (the same as its end time coming). */
export async function endMassActionEarly(deps: MassDeps, principal: Principal, id: string): Promise<StoredMassAction> {
  await actionInScope(deps, principal, id);
  const ended = await endMassAction(deps, id, actorOf(principal));
  if (!ended) throw new AppError('mass.not_active', 409, 'The action is not active');
  return ended;
}

/**
 * Ends an action once (active → ended), then switches back the meters it
 * switched. Null when it was not active (ended already, by the sweep or a manager).
 */
async function endMassAction(deps: MassDeps, id: string, by: string): Promise<StoredMassAction | null> {
  const ended = await deps.store.massActions.end(id, deps.clock.now().toISOString(), resumeAt(deps));
  if (!ended) return null;
  await releaseMassAction(deps, ended, by);
  return ended;
}

/**
 * Takes the meters the action switched off keep-on (each once, claimed on
 * its own), and the supply rule cuts those in arrears; a meter switched by
 * hand meanwhile is left as it is. Safe to run again or concurrently.
 */
async function releaseMassAction(deps: MassDeps, action: StoredMassAction, by: string): Promise<void> {
  const reason = `mass ${action.id} ended`;
  const switched = (await deps.store.massActions.appliedMeters(action.id)).filter((entry) => !entry.released);
  await inBatches(
    switched.map((entry) => entry.meterId),
    async (meterId) => {
      if (!(await deps.store.massActions.releaseFrom(action.id, meterId, deps.clock.now().toISOString()))) return;
      const meter = await deps.store.meters.get(meterId);
      if (!meter) return;
      if (meter.utility === 'electricity') {
        const command = await queueKeepCommand(deps, meter, 'keep_off', by, reason);
        if (command) await dispatchCommand(deps, command);
      }
      await reconcileAndSend(deps, meter.id, { requestedBy: by, reason });
    },
  );
  await deps.store.massActions.recordReleased(action.id, deps.clock.now().toISOString());
}

/**
 * The scheduled part: an approval or an end that stopped half-way is carried
 * on, and every active action whose end time has come ends by itself.
 */
export async function endDueMassActions(deps: MassDeps, limit = 20): Promise<number> {
  const due = await deps.store.massActions.due(deps.clock.now().toISOString(), limit);
  let ended = 0;
  for (const action of due) {
    if (action.status === 'active' && !action.appliedAt && Date.parse(action.until) > deps.clock.now().getTime()) await applyMassAction(deps, action);
    else if (action.status === 'active') {
      if (await endMassAction(deps, action.id, 'system')) ended++;
    } else if (action.status === 'ended') await releaseMassAction(deps, action, 'system');
  }
  return ended;
}

export async function listMassActions(deps: MassDeps, principal: Principal, buildingId: string, page: { limit: number; cursor?: string }) {
  if (!managesBuilding(principal, buildingId)) throw notFound('building.not_found', `No building "${buildingId}"`);
  return deps.store.massActions.list(buildingId, page);
}

async function inBatches(ids: readonly string[], work: (id: string) => Promise<void>): Promise<void> {
  for (let start = 0; start < ids.length; start += CONCURRENCY) await Promise.all(ids.slice(start, start + CONCURRENCY).map(work));
}
