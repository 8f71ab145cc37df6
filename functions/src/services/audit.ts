import { AppError, notFound, type List, type AuditEntryView } from '@prepaid/shared';
import type { Deps } from '../deps';
import type { HttpResult, Principal } from '../http/types';
import type { MeterRecord, StoredAudit } from '../store';
import { managesBuilding, seesEveryBuilding } from './scope';

/** Past this size a before/after is kept as a note that it was too large, not cut mid-way. */
const MAX_STATE_CHARS = 16_000;

/** `user:<openid>` or `key:<keyId>`: who acted, as the log names them. */
export const actorOf = (principal: Principal): string => (principal.kind === 'user' ? `user:${principal.openid}` : `key:${principal.keyId}`);

/**
 * Writes one staff action to the audit log once it has succeeded: who, what
 * (the route and what it was asked), when, and the state before and after.
 * The log is append-only (store/audit.ts). A failure to write it is logged
 * as an error and does not turn the done action into a failure.
 */
export async function auditStaffAction(
  deps: Pick<Deps, 'store' | 'clock' | 'ids'>,
  log: Deps['log'],
  action: { principal: Principal; action: string; request: Record<string, unknown>; meter: MeterRecord | null; result: HttpResult },
): Promise<void> {
  const { principal, result, meter } = action;
  const answered = typeof result.body === 'object' && result.body !== null && 'meterId' in result.body && typeof result.body.meterId === 'string' ? result.body.meterId : undefined;
  const meterId = meter?.id ?? result.audit?.meterId ?? answered ?? null;
  let buildingId = meter ? meter.buildingId : result.audit?.buildingId;
  try {
    // A route without {meterId} about a meter (a refund request): the entry belongs to that meter's building.
    if (buildingId === undefined && meterId !== null) buildingId = (await deps.store.meters.get(meterId))?.buildingId ?? null;
  } catch (error) {
    log.warn({ err: error, meterId }, 'audit: building of the meter not read');
  }
  const entry: StoredAudit = {
    id: deps.ids.next(),
    at: deps.clock.now().toISOString(),
    actor: actorOf(principal),
    action: action.action,
    meterId,
    buildingId: buildingId ?? null,
    request: bounded(action.request) as Record<string, unknown>,
    ...(result.audit?.before === undefined ? {} : { before: bounded(result.audit.before) }),
    ...(result.audit && 'after' in result.audit ? { after: bounded(result.audit.after) } : result.body === undefined ? {} : { after: bounded(result.body) }),
    status: result.status,
  };
  try {
    await deps.store.audit.record(entry);
  } catch (error) {
    log.error({ err: error, audit: { action: entry.action, actor: entry.actor, meterId } }, 'audit entry not written');
  }
}

function bounded(value: unknown): unknown {
  const text = JSON.stringify(value ?? null);
  return text.length <= MAX_STATE_CHARS ? JSON.parse(text) : { tooLarge: true, chars: text.length };
}

/**
 * `GET /v1/admin/audit`: newest first. An admin reads the whole estate's log
 * (or one building's); a manager one of their buildings' (the only one, or
 * the one named) and never an action outside them.
 */
export async function listAudit(
  deps: Pick<Deps, 'store'>,
  principal: Principal,
  query: { buildingId?: string; meterId?: string; limit: number; cursor?: string },
): Promise<List<AuditEntryView>> {
  let buildingId = query.buildingId;
  if (!seesEveryBuilding(principal)) {
    const mine = principal.buildings ?? [];
    if (buildingId === undefined && mine.length === 1) buildingId = mine[0];
    if (buildingId === undefined) throw new AppError('audit.building_required', 400, 'Name one of your buildings: ?buildingId=', { details: { field: 'query.buildingId' } });
    if (!managesBuilding(principal, buildingId)) throw notFound('building.not_found', `No building "${buildingId}"`);
  }
  const { items, next } = await deps.store.audit.list({ ...query, ...(buildingId === undefined ? {} : { buildingId }) });
  return { items, next };
}
