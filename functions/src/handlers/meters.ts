import { declared, route } from '../http';
import { bindByScene } from '../services/binding-codes';
import { getMeterView, listLedger, listMyMeters, listReadings, usageOf } from '../services/meters';
import { tenantAlarmsOf } from '../services/alarms';
import { insightsOf } from '../services/usage-insights';
import { getEntry, listRecords } from '../services/records';

/** `GET /v1/me/meters`: the meters the tenant is bound to. */
export const listMine = route(declared('GET /v1/me/meters'), async (request, deps) => ({
  status: 200,
  body: await listMyMeters(deps.store, request.principal),
}));

/** `GET /v1/meters/{meterId}`: a bound tenant, a manager or an admin. */
export const get = route(declared('GET /v1/meters/{meterId}'), async (request, deps) => ({
  status: 200,
  body: await getMeterView(deps.store, request.principal, request.params.meterId),
}));

/** `GET /v1/meters/{meterId}/readings?limit&cursor`: newest first. */
export const readings = route(declared('GET /v1/meters/{meterId}/readings'), async (request, deps) => ({
  status: 200,
  body: await listReadings(deps.store, request.principal, request.params.meterId, request.query),
}));

/** `GET /v1/meters/{meterId}/ledger?limit&cursor`: newest first. */
export const ledger = route(declared('GET /v1/meters/{meterId}/ledger'), async (request, deps) => ({
  status: 200,
  body: await listLedger(deps.store, request.principal, request.params.meterId, request.query),
}));

/** `GET /v1/meters/{meterId}/usage?granularity=hour|day|month&from&to`: consumption and cost by hour, day or month. */
export const usage = route(declared('GET /v1/meters/{meterId}/usage'), async (request, deps) => ({
  status: 200,
  body: await usageOf(deps.store, request.principal, request.params.meterId, request.query),
}));

/** `GET /v1/meters/{meterId}/usage/insights`: forecast, price, tier progress or time-of-use split, tips. */
export const insights = route(declared('GET /v1/meters/{meterId}/usage/insights'), async (request, deps) => ({
  status: 200,
  body: await insightsOf(deps, request.principal, request.params.meterId),
}));

/** `GET /v1/meters/{meterId}/records`: days of charges summed, every other entry alone, with the running balance. */
export const records = route(declared('GET /v1/meters/{meterId}/records'), async (request, deps) => ({
  status: 200,
  body: await listRecords(deps.store, request.principal, request.params.meterId, request.query),
}));

/** `GET /v1/meters/{meterId}/ledger/{entryId}`: one entry (a recharge's receipt). */
export const entry = route(declared('GET /v1/meters/{meterId}/ledger/{entryId}'), async (request, deps) => ({
  status: 200,
  body: await getEntry(deps.store, request.principal, request.params.meterId, request.params.entryId),
}));

/** `POST /v1/bindings` `{"scene":"q=<code>"}` → 201 `{meterId}`: what scanning a meter's QR code does. */
export const bind = route(declared('POST /v1/bindings'), async (request, deps) => ({
  status: 201,
  body: await bindByScene(deps, request.principal, request.body.scene),
}));

/** `GET /v1/meters/{meterId}/alarms`: the meter's open alarms a tenant is shown, most severe first. */
export const alarms = route(declared('GET /v1/meters/{meterId}/alarms'), async (request, deps) => ({
  status: 200,
  body: await tenantAlarmsOf(deps.store, request.principal, request.params.meterId),
}));
