import { declared, route } from '../http';
import { createApiKey, listApiKeys, revokeApiKey } from '../services/api-keys';

/** `POST /v1/admin/api-keys` (admin) `{name, role, buildings?}` → 201 `{keyId, secret, …}`; the secret is shown once and never audited. */
export const create = route(declared('POST /v1/admin/api-keys'), async (request, deps) => {
  const { view, audit } = await createApiKey(deps, request.principal, request.body);
  return { status: 201, body: view, audit };
});

/** `GET /v1/admin/api-keys` (admin) → every key, revoked ones too, without secrets. */
export const list = route(declared('GET /v1/admin/api-keys'), async (_request, deps) => ({ status: 200, body: await listApiKeys(deps) }));

/** `DELETE /v1/admin/api-keys/{keyId}` (admin) → the key, revoked at once. */
export const revoke = route(declared('DELETE /v1/admin/api-keys/{keyId}'), async (request, deps) => ({
  status: 200,
  body: await revokeApiKey(deps, request.principal, request.params.keyId),
}));
