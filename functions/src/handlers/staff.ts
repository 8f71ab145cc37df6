import { declared, route } from '../http';
import { listAudit } from '../services/audit';
import { createInvitation, listStaff, redeemInvitation } from '../services/staff';

/** `POST /v1/admin/invitations` (admin) `{role, buildings?, expiresInHours?, note?}` → 201 `{code, role, buildings, expiresAt}`; the code is shown once. */
export const invite = route(declared('POST /v1/admin/invitations'), async (request, deps) => {
  const { view, audit } = await createInvitation(deps, request.principal, request.body);
  return { status: 201, body: view, audit };
});

/** `POST /v1/me/invitations` `{code}` → who the user is now (roles, buildings). */
export const redeem = route(declared('POST /v1/me/invitations'), async (request, deps) => ({
  status: 200,
  body: await redeemInvitation(deps, request.principal, request.body.code),
}));

/** `GET /v1/admin/audit?buildingId&meterId&limit&cursor`: staff actions, newest first, within the caller's buildings. */
export const audit = route(declared('GET /v1/admin/audit'), async (request, deps) => ({
  status: 200,
  body: await listAudit(deps, request.principal, request.query),
}));

/** `GET /v1/admin/staff` → who the operator ids are: names, roles and (shared) buildings. */
export const directory = route(declared('GET /v1/admin/staff'), async (request, deps) => ({
  status: 200,
  body: await listStaff(deps, request.principal),
}));
