import { CreateTariffExtras, EntityId, PageQuery, TariffVersionExtras } from '@prepaid/shared';
import * as z from 'zod';
import { route } from '../http';
import { addTariffVersion, createTariff, getTariff } from '../services/provisioning';

const TariffParams = z.object({ tariffId: EntityId });

/** `POST /v1/admin/tariffs` → 201 the tariff. */
export const create = route({ auth: ['admin'], body: CreateTariffExtras }, async (request, deps) => ({
  status: 201,
  body: await createTariff(deps, request.body),
}));

/** `GET /v1/admin/tariffs` → a page of tariffs. */
export const list = route({ auth: ['admin', 'manager'], query: PageQuery }, async (request, deps) => ({
  status: 200,
  body: await deps.store.tariffs.list(request.query),
}));

/** `GET /v1/admin/tariffs/{tariffId}` → the tariff with all its versions. */
export const get = route({ auth: ['admin', 'manager'], params: TariffParams }, async (request, deps) => ({
  status: 200,
  body: await getTariff(deps, request.params.tariffId),
}));

/** `POST /v1/admin/tariffs/{tariffId}/versions` → 201: a new price from `effectiveFrom` on. */
export const addVersion = route(
  { auth: ['admin'], params: TariffParams, body: TariffVersionExtras },
  async (request, deps) => ({ status: 201, body: await addTariffVersion(deps, request.params.tariffId, request.body) }),
);
