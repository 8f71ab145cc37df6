import { declared, route } from '../http';
import { createExport, getExport, listExports } from '../services/exports/jobs';

/** `POST /v1/admin/exports` `{kind, from, to, buildingId?, format}` → 202 `{id}`; the file is written by the export function. */
export const create = route(declared('POST /v1/admin/exports'), async (request, deps) => {
  const { id, job } = await createExport(deps, request.principal, request.body);
  return { status: 202, body: { id }, audit: { after: job, buildingId: job.buildingId } };
});

/** `GET /v1/admin/exports?limit&cursor`: the caller's exports, newest first. */
export const list = route(declared('GET /v1/admin/exports'), async (request, deps) => ({
  status: 200,
  body: await listExports(deps, request.principal, request.query),
}));

/** `GET /v1/admin/exports/{exportId}` → `{status, url?, rows?, …}`. */
export const get = route(declared('GET /v1/admin/exports/{exportId}'), async (request, deps) => ({
  status: 200,
  body: await getExport(deps, request.principal, request.params.exportId),
}));
