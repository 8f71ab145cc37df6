import { notFound } from '@prepaid/shared';
import { declared, route } from '../http';
import { parametersOf, setBuildingParameters, setParameters } from '../services/parameters';
import { commandView as toView } from '../services/commands';

/** `POST /v1/admin/meters/{meterId}/parameters` `{params, reason}` → 201 the set_params command (queued and tried once). */
export const set = route(declared('POST /v1/admin/meters/{meterId}/parameters'), async (request, deps) => {
  const meter = await deps.store.meters.get(request.params.meterId);
  if (!meter) throw notFound('meter.not_found', `No meter "${request.params.meterId}"`);
  return { status: 201, body: toView(await setParameters(deps, request.principal, meter, request.body)) };
});

/** `GET /v1/admin/meters/{meterId}/parameters` → set, reported, and the differences. */
export const get = route(declared('GET /v1/admin/meters/{meterId}/parameters'), async (request, deps) => {
  const meter = await deps.store.meters.get(request.params.meterId);
  if (!meter) throw notFound('meter.not_found', `No meter "${request.params.meterId}"`);
  return { status: 200, body: await parametersOf(deps, meter) };
});

/** `POST /v1/admin/buildings/{buildingId}/parameters` → 201 `{queued, skipped, commandIds}`. */
export const setForBuilding = route(declared('POST /v1/admin/buildings/{buildingId}/parameters'), async (request, deps) => ({
  status: 201,
  body: await setBuildingParameters(deps, request.principal, request.params.buildingId, request.body),
  audit: { buildingId: request.params.buildingId },
}));
