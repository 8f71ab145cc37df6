import { declared, route } from '../http';
import { income as listIncome, statistics as readStatistics } from '../services/statistics';

/** `GET /v1/admin/statistics?from&to&grain&buildingId`: recharges, refunds and consumption by period and building, in the caller's scope. */
export const statistics = route(declared('GET /v1/admin/statistics'), async (request, deps) => ({
  status: 200,
  body: await readStatistics(deps, request.principal, request.query),
}));

/** `GET /v1/admin/statistics/income?from&to&buildingId&kind&limit&cursor`: the money entries of the span with who recorded them. */
export const income = route(declared('GET /v1/admin/statistics/income'), async (request, deps) => ({
  status: 200,
  body: await listIncome(deps, request.principal, request.query),
}));
