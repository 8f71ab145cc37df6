import { AppError, notFound, type ExportRequest, type ExportView, type List } from '@prepaid/shared';
import type { Deps } from '../../deps';
import type { Principal } from '../../http/types';
import type { StoredExport } from '../../store';
import { buildingsFor } from '../estate';
import { managesBuilding, seesEveryBuilding } from '../scope';

/** How long an export (and its file's record) is kept. */
const KEEP_DAYS = 30;

const KIND_NAME = { ledger: '流水', recharges: '充值', consumption: '用量', alarms: '告警' } as const;

export const whoOf = (principal: Principal): string => (principal.kind === 'key' ? `apikey:${principal.keyId}` : `user:${principal.openid}`);

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
    requestedBy: whoOf(principal),
    createdAt: now.toISOString(),
    startedAt: null,
    finishedAt: null,
    objectKey: null,
    fileName: `${KIND_NAME[body.kind]}_${scope}_${body.from}_${body.to}.${body.format}`.replace(/[\\/:*?"<>|\s]+/g, '_'),
  };
  await deps.store.exports.create(job, Math.floor(now.getTime() / 1000) + KEEP_DAYS * 86_400);
  await deps.exportJobs.after({ kind: 'export', exportId: id }, deps);
  return { id, job };
}

async function viewOf(deps: Pick<Deps, 'objects' | 'config'>, job: StoredExport): Promise<ExportView> {
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

/** May this caller see the export: theirs, or every building it covers is theirs (an admin sees all). */
const mayRead = (principal: Principal, job: StoredExport): boolean =>
  job.requestedBy === whoOf(principal) || seesEveryBuilding(principal) || (job.buildings.length > 0 && job.buildings.every((building) => managesBuilding(principal, building)));

/** `GET /v1/admin/exports/{exportId}`: its state, and when done a signed link (fresh on every read). */
export async function getExport(deps: Deps, principal: Principal, id: string): Promise<ExportView> {
  const job = await deps.store.exports.get(id);
  if (!job || !mayRead(principal, job)) throw notFound('export.not_found', `No export "${id}"`);
  return viewOf(deps, job);
}

/** `GET /v1/admin/exports`: the caller's own exports, newest first. */
export async function listExports(deps: Deps, principal: Principal, page: { limit: number; cursor?: string }): Promise<List<ExportView>> {
  const found = await deps.store.exports.listBy(whoOf(principal), page);
  return { items: await Promise.all(found.items.map((job) => viewOf(deps, job))), next: found.next };
}

