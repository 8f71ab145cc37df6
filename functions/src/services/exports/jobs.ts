import { AppError, notFound, type ExportRequest, type ExportView, type List } from '@prepaid/shared';
import type { Deps } from '../../deps';
import type { Principal } from '../../http/types';
import type { StoredExport } from '../../store';
import { actorOf } from '../audit';
import { buildingsFor } from '../estate';
import { managesBuilding, seesEveryBuilding } from '../scope';

/** How long an export (and its file's record) is kept. */
const KEEP_DAYS = 30;

const KIND_NAME = { ledger: '流水', recharges: '充值', consumption: '用量', alarms: '告警' } as const;

export function unavailable(deps: Pick<Deps, 'objects'>): NonNullable<Deps['objects']> {
  if (!deps.objects) throw new AppError('export.unavailable', 503, 'Exports are not configured here (EXPORT_BUCKET)');
  return deps.objects;
}

/**
 * `POST /v1/admin/exports`: records the job with the caller's buildings (or
 * the one named: 404 outside them) and hands the writing to the export
 * function; 202 with its id at once.
 */
export async function createExport(deps: Deps, principal: Principal, body: ExportRequest): Promise<{ id: string; job: StoredExport }> {
  unavailable(deps);
  const buildings = await buildingsFor(deps.store, principal, body.buildingId);
  const now = deps.clock.now();
  const id = deps.ids.next();
  const scope = body.buildingId ? (buildings[0]?.name ?? body.buildingId) : '全部楼栋';
  const job: StoredExport = {
    id,
    status: 'running',
    kind: body.kind,
    format: body.format,
    from: body.from,
    to: body.to,
    buildingId: body.buildingId ?? null,
    buildings: buildings.map((building) => building.id),
    requestedBy: actorOf(principal),
    createdAt: now.toISOString(),
    startedAt: null,
    finishedAt: null,
    objectKey: null,
    fileName: `${KIND_NAME[body.kind]}_${scope}_${body.from}_${body.to}.${body.format}`.replace(/[\\/:*?"<>|\s]+/g, '_'),
  };
  await deps.store.exports.create(job, Math.floor(now.getTime() / 1000) + KEEP_DAYS * 86_400);
  try {
    await deps.exportJobs.after({ kind: 'export', exportId: id }, deps);
  } catch (error) {
    // Nobody will write it: the job says so (not "running" for ever), and the caller may try again.
    deps.log.error({ err: error, exportId: id }, 'export not handed over');
    await deps.store.exports.finish(id, null, { status: 'failed', error: 'The export could not be started; try again', at: deps.clock.now().toISOString() });
    throw new AppError('export.unavailable', 503, 'The export could not be started; try again');
  }
  return { id, job };
}

/**
 * Longer than a run may last (Lambda stops one at 15 minutes): a job still
 * "running" after this died unseen (timed out, out of memory) and is shown failed.
 */
const GIVEN_UP_MS = 20 * 60_000;

async function viewOf(deps: Pick<Deps, 'objects' | 'config' | 'clock'>, stored: StoredExport): Promise<ExportView> {
  const died = stored.status === 'running' && deps.clock.now().getTime() - Date.parse(stored.startedAt ?? stored.createdAt) > GIVEN_UP_MS;
  const job: StoredExport = died ? { ...stored, status: 'failed', error: 'The file was not finished in time; start the export again' } : stored;
  const url = job.status === 'done' && job.objectKey && deps.objects ? await deps.objects.signedUrl(job.objectKey, deps.config.exports.urlTtlSeconds, job.fileName) : undefined;
  return {
    id: job.id,
    status: job.status,
    kind: job.kind,
    format: job.format,
    from: job.from,
    to: job.to,
    buildingId: job.buildingId,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    ...(job.rows !== undefined ? { rows: job.rows } : {}),
    ...(job.totalFen !== undefined ? { totalFen: job.totalFen } : {}),
    ...(url ? { url } : {}),
    ...(job.error ? { error: job.error } : {}),
  };
}

/**
 * May this caller see the export: an admin, or a manager of every building it
 * covers (their own export too only while they still manage them); an export
 * of no building is its requester's.
 */
const mayRead = (principal: Principal, job: StoredExport): boolean =>
  seesEveryBuilding(principal) || (job.buildings.length > 0 ? job.buildings.every((building) => managesBuilding(principal, building)) : job.requestedBy === actorOf(principal));

/** `GET /v1/admin/exports/{exportId}`: its state, and when done a signed link (fresh on every read). */
export async function getExport(deps: Deps, principal: Principal, id: string): Promise<ExportView> {
  const job = await deps.store.exports.get(id);
  if (!job || !mayRead(principal, job)) throw notFound('export.not_found', `No export "${id}"`);
  return viewOf(deps, job);
}

/** `GET /v1/admin/exports`: the caller's own exports, newest first. */
export async function listExports(deps: Deps, principal: Principal, page: { limit: number; cursor?: string }): Promise<List<ExportView>> {
  const found = await deps.store.exports.listBy(actorOf(principal), page);
  return { items: await Promise.all(found.items.map((job) => viewOf(deps, job))), next: found.next };
}

