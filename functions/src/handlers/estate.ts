import { declared, route } from '../http';
import { estateOverview, listMeters, meterDevice } from '../services/estate';
import { meterInScope } from '../services/scope';

/** `GET /v1/admin/overview?buildingId=`: per building, meters by state and today's money and consumption. */
export const overview = route(declared('GET /v1/admin/overview'), async (request, deps) => ({
  status: 200,
  body: await estateOverview(deps, request.principal, request.query),
}));

/** `GET /v1/admin/meters?buildingId&filter&q&limit&cursor`: the caller's meters, filtered and searched. */
export const meters = route(declared('GET /v1/admin/meters'), async (request, deps) => ({
  status: 200,
  body: await listMeters(deps, request.principal, request.query),
}));

/** `GET /v1/admin/meters/{meterId}/alarms?status=open|closed`: every open alarm of the meter, or its history. */
export const meterAlarms = route(declared('GET /v1/admin/meters/{meterId}/alarms'), async (request, deps) => {
  const { status, ...page } = request.query;
  if (status === 'open') return { status: 200, body: { items: await deps.store.alarms.openFor(request.params.meterId), next: null } };
  return { status: 200, body: await deps.store.alarms.history(request.params.meterId, page) };
});

/** `GET /v1/admin/meters/{meterId}/tenants`: who is bound to the meter. */
export const tenants = route(declared('GET /v1/admin/meters/{meterId}/tenants'), async (request, deps) => ({
  status: 200,
  body: { items: await deps.store.meters.tenantsOf(request.params.meterId), next: null },
}));

/** `GET /v1/admin/meters/{meterId}/device`: the device the meter is on, and every meter on it the caller may see. */
export const device = route(declared('GET /v1/admin/meters/{meterId}/device'), async (request, deps) => ({
  status: 200,
  body: await meterDevice(deps, request.principal, await meterInScope(deps.store, request.principal, request.params.meterId)),
}));
