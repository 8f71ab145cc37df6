import { MeterId } from '@prepaid/shared';
import { z } from 'zod';
import { route } from '../http';
import { getMeterView, listMyMeters } from '../services/meters';

/** `GET /v1/me/meters`: the meters the tenant is bound to. */
export const listMine = route({ auth: 'user' }, async (request, deps) => ({
  status: 200,
  body: await listMyMeters(deps.store, request.principal!),
}));

/** `GET /v1/meters/{meterId}`: a bound tenant, a manager or an admin. */
export const get = route(
  { auth: 'user', params: z.object({ meterId: MeterId }) },
  async (request, deps) => ({
    status: 200,
    body: await getMeterView(deps.store, request.principal!, request.params.meterId),
  }),
);
