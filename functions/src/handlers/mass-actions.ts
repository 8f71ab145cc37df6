import { declared, route } from '../http';
import { approveMassAction, endMassActionEarly, listMassActions, rejectMassAction, requestMassAction } from '../services/mass-actions';

/** `POST /v1/admin/buildings/{buildingId}/mass-actions` → 201, awaiting a second member of staff. */
export const create = route(declared('POST /v1/admin/buildings/{buildingId}/mass-actions'), async (request, deps) => {
  const action = await requestMassAction(deps, request.principal, request.params.buildingId, request.body);
  return { status: 201, body: action, audit: { buildingId: action.buildingId } };
});

/** `GET /v1/admin/buildings/{buildingId}/mass-actions`: newest first. */
export const list = route(declared('GET /v1/admin/buildings/{buildingId}/mass-actions'), async (request, deps) => ({
  status: 200,
  body: await listMassActions(deps, request.principal, request.params.buildingId, request.query),
}));

/** `POST /v1/admin/mass-actions/{actionId}/approve`: by someone other than who asked; the building's meters go on keep-on. */
export const approve = route(declared('POST /v1/admin/mass-actions/{actionId}/approve'), async (request, deps) => {
  const action = await approveMassAction(deps, request.principal, request.params.actionId, request.body.note);
  return { status: 200, body: action, audit: { buildingId: action.buildingId } };
});

/** `POST /v1/admin/mass-actions/{actionId}/reject` `{note}`. */
export const reject = route(declared('POST /v1/admin/mass-actions/{actionId}/reject'), async (request, deps) => {
  const action = await rejectMassAction(deps, request.principal, request.params.actionId, request.body.note);
  return { status: 200, body: action, audit: { buildingId: action.buildingId } };
});

/** `POST /v1/admin/mass-actions/{actionId}/end`: ends an active action before its time. */
export const end = route(declared('POST /v1/admin/mass-actions/{actionId}/end'), async (request, deps) => {
  const action = await endMassActionEarly(deps, request.principal, request.params.actionId);
  return { status: 200, body: action, audit: { buildingId: action.buildingId } };
});
