import { notFound } from '@prepaid/shared';
import { declared, route } from '../http';
import { evidenceOf } from '../services/alarms';
import { operatorOf } from '../services/payments';
import { keepInScope, managesBuilding } from '../services/scope';

/** `GET /v1/admin/alarms` → the inbox of the caller's meters: by status, of one kind, of one building. */
export const list = route(declared('GET /v1/admin/alarms'), async (request, deps) => {
  const { status, kind, buildingId, limit, cursor } = request.query;
  const principal = request.principal;
  if (buildingId !== undefined && !managesBuilding(principal, buildingId)) throw notFound('building.not_found', `No building "${buildingId}"`);
  const { items, next } = await deps.store.alarms.list(status, { limit, ...(cursor ? { cursor } : {}), ...(kind ? { kind } : {}) });
  // A gateway's alarm names its building; a meter's is scoped by its meter's.
  const ofMeters = new Set(await keepInScope(deps.store, principal, items.filter((alarm) => !alarm.gatewayId), (alarm) => alarm.meterId, buildingId));
  const inScope = items.filter((alarm) =>
    alarm.gatewayId ? managesBuilding(principal, alarm.buildingId ?? null) && (buildingId === undefined || alarm.buildingId === buildingId) : ofMeters.has(alarm),
  );
  return { status: 200, body: { items: inScope, next } };
});

/** `POST /v1/admin/meters/{meterId}/alarms/{kind}/ack` → the alarm, closed by who acknowledged it. */
export const acknowledge = route(declared('POST /v1/admin/meters/{meterId}/alarms/{kind}/ack'),
  async (request, deps) => ({
    status: 200,
    body: await deps.store.alarms.close(request.params.meterId, request.params.kind, {
      status: 'acknowledged',
      at: deps.clock.now().toISOString(),
      by: operatorOf(request.principal),
      ...(request.body.note ? { note: request.body.note } : {}),
      evidence: (alarm) => evidenceOf(alarm.kind, alarm.details),
    }),
  }),
);
