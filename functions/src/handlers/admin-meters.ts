import { idempotencyKeyOf, declared, route } from '../http';
import { processReading } from '../services/billing';
import { bindingCodeOf, rotateBindingCode } from '../services/binding-codes';
import { listAnomalies, toReadingView } from '../services/meters';
import { operatorOf, recordOfflinePayment } from '../services/payments';
import { assignTariff, createMeter } from '../services/provisioning';
import { replaceMeter } from '../services/replacement';
// A money path: traced end to end where tracing is on (serverless.yml tracing: Active).
import '../platform/tracer';

/** `POST /v1/admin/meters` → 201 the meter record. */
export const create = route(declared('POST /v1/admin/meters'), async (request, deps) => ({
  status: 201,
  body: await createMeter(deps, request.body),
}));

/** `POST /v1/admin/meters/{meterId}/tariff` → the meter switched to a tariff from an instant on. */
export const switchTariff = route(declared('POST /v1/admin/meters/{meterId}/tariff'),
  async (request, deps) => ({
    status: 200,
    body: await assignTariff(deps, request.params.meterId, request.body.tariffId, request.body.effectiveFrom),
  }),
);

/** `POST /v1/admin/meters/{meterId}/payments` → 201 `{entryId, balanceFen}` (200 for a retry). */
export const recordPayment = route(declared('POST /v1/admin/meters/{meterId}/payments'),
  async (request, deps) => {
    const result = await recordOfflinePayment(deps, request.principal, request.params.meterId, request.body, idempotencyKeyOf(request.headers));
    return { status: result.duplicate ? 200 : 201, body: result };
  },
);

/** `POST /v1/admin/meters/{meterId}/readings` → 201 the reading as billed (200 for the same reading again). */
export const recordReading = route(declared('POST /v1/admin/meters/{meterId}/readings'),
  async (request, deps) => {
    const { reading, duplicate, balanceAfterFen } = await processReading(deps, request.params.meterId, {
      value: request.body.value,
      unit: request.body.unit,
      at: new Date(request.body.at),
      ...(request.body.registers ? { registers: request.body.registers } : {}),
      source: `manual:${operatorOf(request.principal)}`,
      enteredByHand: true,
    });
    return { status: duplicate ? 200 : 201, body: { ...toReadingView(reading), duplicate, balanceFen: balanceAfterFen } };
  },
);

/** `GET /v1/admin/anomalies` → quarantined readings of every meter, newest first. */
export const anomalies = route(declared('GET /v1/admin/anomalies'), async (request, deps) => ({
  status: 200,
  body: await listAnomalies(deps.store, request.principal, request.query),
}));

/** `POST /v1/admin/meters/{meterId}/replacement` → 201: the old register's final reading billed, the new one's baseline set. */
export const replace = route(declared('POST /v1/admin/meters/{meterId}/replacement'),
  async (request, deps) => ({ status: 201, body: await replaceMeter(deps, request.principal, request.params.meterId, request.body) }),
);

/** `GET /v1/admin/meters/{meterId}/binding-code` → `{scene, page}`: what the meter's QR code carries (issued on first request). */
export const bindingCode = route(declared('GET /v1/admin/meters/{meterId}/binding-code'), async (request, deps) => ({
  status: 200,
  body: await bindingCodeOf(deps, request.params.meterId),
}));

/** `POST /v1/admin/meters/{meterId}/binding-code` → a new `{scene, page}`: the old sticker stops working at once. */
export const rotateCode = route(declared('POST /v1/admin/meters/{meterId}/binding-code'), async (request, deps) => ({
  status: 200,
  body: await rotateBindingCode(deps, request.params.meterId),
}));
