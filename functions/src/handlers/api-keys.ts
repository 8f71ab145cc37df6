import { ApiKeyRequest } from '@prepaid/shared';
import * as z from 'zod';
import { route } from '../http';
import { createApiKey, listApiKeys, revokeApiKey } from '../services/api-keys';

/** `POST /v1/admin/api-keys` (admin) `{name, role, buildings?}` → 201 `{keyId, secret, …}`; the secret is shown once and never audited. */
export const create = route({ auth: ['admin'], body: ApiKeyRequest }, async (request, deps) => {
  const { view, audit } = await createApiKey(deps, request.principal!, request.body);
  return { status: 201, body: view, audit };
});

/** `GET /v1/admin/api-keys` (admin) → every key, revoked ones too, without secrets. */
export const list = route({ auth: ['admin'] }, async (_request, deps) => ({ status: 200, body: await listApiKeys(deps) }));

/** `DELETE /v1/admin/api-keys/{keyId}` (admin) → the key, revoked at once. */
export const revoke = route({ auth: ['admin'], params: z.object({ keyId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }) }, async (request, deps) => ({
  status: 200,
  body: await revokeApiKey(deps, request.principal!, request.params.keyId),
}));
