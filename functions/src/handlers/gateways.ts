import { AppError } from '@prepaid/shared';
import { containerDeps } from '../deps';
import { declared, route, type HttpRequest } from '../http';
import {
  authenticateGateway,
  createGateway,
  gatewayCommands,
  listGateways,
  parseGatewayBatch,
  processGatewayBatch,
  sweepGateways as sweepAllGateways,
} from '../services/gateways';

/** A batch of 1,000 reports is ~150 KB; a queued message (with its envelope) must stay under SQS's 256 KB. */
const MAX_BATCH_BYTES = 192 * 1024;

function checkSize(request: HttpRequest<unknown, unknown, unknown>): void {
  // Measured as it is queued (a JSON string, escaped): a body of newlines and quotes grows there.
  if (Buffer.byteLength(JSON.stringify(request.rawBody), 'utf8') > MAX_BATCH_BYTES) {
    throw new AppError('webhook.too_large', 413, `A gateway batch is at most ${MAX_BATCH_BYTES} bytes: send more, smaller batches`, { details: { field: 'body' } });
  }
}

/**
 * `POST /v1/webhooks/gateways/{gatewayId}`: a signed batch. With a queue it
 * is queued in the gateway's group and answered at once (a concentrator's
 * 500 readings never keep it waiting); without one it is processed before
 * the answer. Either way a batch is taken once by its id.
 */
export const batch = route(declared('POST /v1/webhooks/gateways/{gatewayId}'), async (request, deps) => {
  checkSize(request);
  const gateway = await authenticateGateway(deps, request.params.gatewayId, request.headers, request.rawBody);
  const parsed = parseGatewayBatch(request.rawBody);
  const receivedAt = deps.clock.now();
  if (deps.pushQueue && parsed.reports.length > 0) {
    await deps.pushQueue.enqueue({ platform: 'gateway', gatewayId: gateway.id, raw: request.rawBody, receivedAt: receivedAt.toISOString() }, `gateway:${gateway.id}`);
    return { status: 200, body: { code: 'SUCCESS', outcome: 'queued' } };
  }
  return { status: 200, body: { code: 'SUCCESS', outcome: await processGatewayBatch(deps, gateway, parsed, receivedAt) } };
});

/** `GET /v1/webhooks/gateways/{gatewayId}/commands`: the gateway's outbox (signed over an empty body). */
export const commands = route(declared('GET /v1/webhooks/gateways/{gatewayId}/commands'), async (request, deps) => {
  const gateway = await authenticateGateway(deps, request.params.gatewayId, request.headers, '');
  return { status: 200, body: await gatewayCommands(deps, gateway) };
});

/** `POST /v1/admin/gateways` → 201 with the gateway's secret, this once (the audit log keeps only its fingerprint). */
export const create = route(declared('POST /v1/admin/gateways'), async (request, deps) => {
  const { view, audit } = await createGateway(deps, request.principal, request.body);
  return { status: 201, body: view, audit };
});

/** `GET /v1/admin/gateways` → the caller's buildings' gateways. */
export const list = route(declared('GET /v1/admin/gateways'), async (request, deps) => ({ status: 200, body: await listGateways(deps, request.principal) }));

/** Every 5 minutes: a gateway silent past its limit goes offline with one alarm. A failure is logged and fails the run (retried, then alarmed). */
export async function sweepGateways(): Promise<{ gateways: number; wentOffline: number }> {
  const deps = await containerDeps();
  try {
    return await sweepAllGateways(deps);
  } catch (error) {
    deps.log.error({ err: error }, 'gateway sweep failed');
    throw error;
  }
}
