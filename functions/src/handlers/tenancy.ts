import { declared, route } from '../http';
import { moveIn, moveOut } from '../services/tenancy';
// A money path: traced end to end where tracing is on (serverless.yml tracing: Active).
import '../platform/tracer';

/** `POST /v1/admin/meters/{meterId}/move-out` `{finalReading?, note?}` → the settlement. */
export const out = route(declared('POST /v1/admin/meters/{meterId}/move-out'), async (request, deps) => ({
  status: 200,
  body: await moveOut(deps, request.principal, request.params.meterId, request.body),
}));

/** `POST /v1/admin/meters/{meterId}/move-in` `{at?, openingCreditFen?, note?}` → the new tenancy. */
export const into = route(declared('POST /v1/admin/meters/{meterId}/move-in'), async (request, deps) => ({
  status: 200,
  body: await moveIn(deps, request.principal, request.params.meterId, request.body),
}));
