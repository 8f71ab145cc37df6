import { declared, route } from '../http';
import { addTariffVersion, createTariff, getTariff } from '../services/provisioning';

/** `POST /v1/admin/tariffs` → 201 the tariff. */
export const create = route(declared('POST /v1/admin/tariffs'), async (request, deps) => ({
  status: 201,
  body: await createTariff(deps, request.body),
}));

/** `GET /v1/admin/tariffs` → a page of tariffs. */
export const list = route(declared('GET /v1/admin/tariffs'), async (request, deps) => ({
  status: 200,
  body: await deps.store.tariffs.list(request.query),
}));

/** `GET /v1/admin/tariffs/{tariffId}` → the tariff with all its versions. */
export const get = route(declared('GET /v1/admin/tariffs/{tariffId}'), async (request, deps) => ({
  status: 200,
  body: await getTariff(deps, request.params.tariffId),
}));

/** `POST /v1/admin/tariffs/{tariffId}/versions` → 201: a new price from `effectiveFrom` on. */
export const addVersion = route(declared('POST /v1/admin/tariffs/{tariffId}/versions'),
  async (request, deps) => ({ status: 201, body: await addTariffVersion(deps, request.params.tariffId, request.body) }),
);
