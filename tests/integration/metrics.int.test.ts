import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { encodeDlt645Answer } from '@prepaid/shared';
import { ctwing } from '../../functions/src/handlers/webhooks';
import { recordedMetrics } from '../../functions/src/platform/metrics';
import { processReading } from '../../functions/src/services/billing';
import { notify } from '../../functions/src/services/notifications';
import { recordOfflinePayment } from '../../functions/src/services/payments';
import { createMeter, createTariff } from '../../functions/src/services/provisioning';
import { decideRefund, reportRefundBacklog } from '../../functions/src/services/refunds';
import { requestRefund } from '../../functions/src/services/refunds/request';
import { integrationDeps, unique } from '../support/deps';

const staff = { kind: 'key', keyId: 'test', roles: ['admin'] } as const;

/** In-process dependencies whose business metrics are kept for the test to read. */
function measured(now: Date) {
  const metrics = recordedMetrics();
  return { ...integrationDeps({ now }), metrics };
}

async function meter(deps: ReturnType<typeof measured>, address = '123456789012') {
  const tariff = await createTariff(deps, { id: unique('t'), name: 't', utility: 'electricity', kind: 'flat', price: '1.00' } as never);
  const id = unique('M');
  await createMeter(deps, { id, utility: 'electricity', protocol: 'dlt645', address, platform: 'ctwing', deviceId: `m-${id}`, tariffId: tariff.id, room: '2-201' });
  return id;
}

/** A CTWing dataReport as the platform posts it, through the webhook's handler in process (no queue: handled before the answer). */
function ctwingEvent(body: unknown, token: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /v1/webhooks/ctwing',
    rawPath: '/v1/webhooks/ctwing',
    rawQueryString: `token=${token}`,
    queryStringParameters: { token },
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { http: { method: 'POST', path: '/v1/webhooks/ctwing' }, requestId: 'r' },
  } as unknown as APIGatewayProxyEventV2;
}

describe('business metrics, as the functions add them', () => {
  it('counts readings billed and quarantined once each (a duplicate adds nothing), and money credited and refunded in fen', async () => {
    const deps = measured(new Date('2026-11-22T00:00:00Z'));
    const meterId = await meter(deps);
    await recordOfflinePayment(deps, staff, meterId, { amountFen: 5000, method: 'cash' }, undefined);
    await processReading(deps, meterId, { value: 1_000_000, unit: 'Wh', at: new Date('2026-11-21T00:00:00Z'), source: 'test' });
    await processReading(deps, meterId, { value: 1_001_000, unit: 'Wh', at: new Date('2026-11-21T01:00:00Z'), source: 'test' });
    await processReading(deps, meterId, { value: 1_001_000, unit: 'Wh', at: new Date('2026-11-21T01:00:00Z'), source: 'test' });
    // A meter's clock far off: the reading is kept aside, unbilled.
    await processReading(deps, meterId, { value: 1_002_000, unit: 'Wh', at: new Date('2031-01-01T00:00:00Z'), source: 'test' });
    expect(deps.metrics.total('ReadingsBilled')).toBe(2);
    expect(deps.metrics.total('ReadingsQuarantined')).toBe(1);
    expect(deps.metrics.total('CreditedFen')).toBe(5000);
    // The same payment again (its key) credits, and counts, nothing.
    await recordOfflinePayment(deps, staff, meterId, { amountFen: 700, method: 'bank_transfer', reference: `bank-${meterId}` }, undefined);
    await recordOfflinePayment(deps, staff, meterId, { amountFen: 700, method: 'bank_transfer', reference: `bank-${meterId}` }, undefined);
    expect(deps.metrics.total('CreditedFen')).toBe(5700);
    const request = await requestRefund(deps, { kind: 'key', keyId: 'front-desk', roles: ['admin'] }, { meterId, amountFen: 1200, reason: '退租' });
    await decideRefund(deps, staff, request.id, { action: 'approve', method: 'cash' });
    expect(deps.metrics.seen.filter((entry) => entry.name === 'RefundedFen')).toEqual([{ name: 'RefundedFen', value: 1200 }]);
  });

  it('reports the refund requests waiting for a manager and how long the oldest has waited', async () => {
    // Filed long before anything else in the table, so it is the oldest waiting.
    const deps = measured(new Date('2020-01-01T00:00:00Z'));
    const meterId = await meter(deps);
    await recordOfflinePayment(deps, staff, meterId, { amountFen: 3000, method: 'cash' }, undefined);
    await requestRefund(deps, staff, { meterId, amountFen: 1000, reason: '退租' });
    deps.clock.advance(2 * 86_400_000 + 5_000);
    const report = await reportRefundBacklog(deps);
    expect(report.waiting).toBeGreaterThanOrEqual(1);
    expect(report.oldestSeconds).toBe(2 * 86_400 + 5);
    expect(deps.metrics.seen).toEqual([
      { name: 'CreditedFen', value: 3000 },
      { name: 'RefundRequestsWaiting', value: report.waiting },
      { name: 'OldestRefundRequestWaitingSeconds', value: 2 * 86_400 + 5 },
    ]);
  });

  it('counts a push accepted when answered, and rejected when refused with a 4xx', async () => {
    const deps = measured(new Date('2026-11-21T02:00:00Z'));
    const address = `${Date.now()}`.slice(-10).padStart(12, '0');
    const meterId = await meter(deps, address);
    const handler = ctwing.withDeps(() => deps);
    const push = {
      messageType: 'dataReport',
      tenantId: '2000000001',
      productId: '15000001',
      deviceId: `m-${meterId}`,
      IMEI: '860000000000000',
      timestamp: Date.parse('2026-11-21T01:00:00Z'),
      protocol: 'lwm2m',
      serviceId: '',
      upPacketSN: 1,
      payload: { APPdata: Buffer.from(encodeDlt645Answer(address, { kind: 'energy', register: 'total', energyWh: 1_000_000 })).toString('base64') },
    };
    expect((await handler(ctwingEvent(push, 'local-ctwing-token'))).statusCode).toBe(200);
    expect((await handler(ctwingEvent(push, 'wrong-token'))).statusCode).toBe(401);
    expect((await handler(ctwingEvent('{"not":', 'local-ctwing-token'))).statusCode).toBe(400);
    expect({ accepted: deps.metrics.total('PushesAccepted'), rejected: deps.metrics.total('PushesRejected'), billed: deps.metrics.total('ReadingsBilled') }).toEqual({ accepted: 1, rejected: 2, billed: 1 });
  });

  it('counts a notification that failed on every channel', async () => {
    const base = measured(new Date('2026-11-22T00:00:00Z'));
    // WeChat refuses the call (a wrong secret: not the tenant's refusal), and no SMS is set up: the notice fails.
    const deps = {
      ...base,
      config: { ...base.config, notify: { ...base.config.notify, templates: { recharge_credited: 'T-RC' } } },
      messages: { send: async () => ({ ok: false as const, code: '40001', message: 'invalid credential', refused: false }) },
    };
    const meterId = await meter(deps);
    const tenant = unique('ten');
    await deps.store.meters.bind(tenant, meterId, '2026-11-21T00:00:00.000Z');
    await deps.store.contacts.grant(tenant, 'recharge_credited', 1, 50);
    const [record] = await notify(deps, meterId, { kind: 'recharge_credited', dedupe: unique('occ'), facts: { at: '2026-11-22T00:00:00.000Z', amountFen: 500, balanceFen: 500 } });
    expect(record).toMatchObject({ channel: 'wechat', status: 'failed' });
    expect({ sent: deps.metrics.total('NotificationsSent'), failed: deps.metrics.total('NotificationsFailed') }).toEqual({ sent: 0, failed: 1 });
  });
});
