import { MeterId, MoveInRequest, MoveOutRequest } from '@prepaid/shared';
import * as z from 'zod';
import { route } from '../http';
import { moveIn, moveOut } from '../services/tenancy';

const MeterParams = z.object({ meterId: MeterId });

/** `POST /v1/admin/meters/{meterId}/move-out` `{finalReading?, note?}` → the settlement. */
export const out = route({ auth: ['manager', 'admin'], params: MeterParams, body: MoveOutRequest }, async (request, deps) => ({
  status: 200,
  body: await moveOut(deps, request.principal!, request.params.meterId, request.body),
}));

/** `POST /v1/admin/meters/{meterId}/move-in` `{at?, openingCreditFen?, note?}` → the new tenancy. */
export const into = route({ auth: ['manager', 'admin'], params: MeterParams, body: MoveInRequest }, async (request, deps) => ({
  status: 200,
  body: await moveIn(deps, request.principal!, request.params.meterId, request.body),
}));
