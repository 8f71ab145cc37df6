import { encodeDlt645Answer } from '@prepaid/shared';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { deduplicationIdOf, sqsPushQueue, type QueuedPush } from '../../functions/src/adapters/push-queue';
import type { Deps } from '../../functions/src/deps';
import { ingestBatch } from '../../functions/src/handlers/ingest';
import { ctwing } from '../../functions/src/handlers/webhooks';
import { createMeter, createTariff } from '../../functions/src/services/provisioning';
import { startLocalPushQueue, startQueueConsumer, type LocalPushQueue } from '../../scripts/lib/push-queue';
import { integrationDeps, unique } from '../support/deps';
import { wholeLedger } from '../support/ledger';

/**
 * The push queue end to end on one machine: the real webhook handler queues
 * into the embedded SQS-compatible server (FIFO, the device as message
 * group), the local event source hands batches to the real `ingest`
 * consumer, which bills on DynamoDB Local.
 */
const QUARTER_HOUR_MS = 15 * 60_000;

function pushBody(deviceId: string, address: string, energyWh: number, timestamp: number): string {
  const frame = encodeDlt645Answer(address, { kind: 'energy', register: 'total', energyWh });
  return JSON.stringify({ messageType: 'dataReport', deviceId, timestamp, payload: { APPdata: Buffer.from(frame).toString('base64') } });
}

const webhookEvent = (body: string) =>
  ({ routeKey: 'POST /v1/webhooks/ctwing', requestContext: { requestId: 'q' }, headers: {}, queryStringParameters: { token: 'local-ctwing-token' }, body, isBase64Encoded: false }) as never;

async function meter(deps: Deps, tag: string) {
  const tariffId = unique(`${tag}-t`);
  await createTariff(deps, { id: tariffId, name: 'flat', utility: 'electricity', kind: 'flat', price: '0.50' });
  const id = unique(tag);
  const address = String(400_000_000_000 + Math.floor(Math.random() * 99_999_999_999));
  await createMeter(deps, { id, utility: 'electricity', protocol: 'dlt645', address, platform: 'ctwing', deviceId: `d-${id}`, tariffId });
  return { id, address, deviceId: `d-${id}` };
}

async function withQueue(run: (queue: LocalPushQueue) => Promise<void>): Promise<void> {
  const queue = await startLocalPushQueue({ name: `${unique('pushes')}.fifo`, visibilityTimeoutS: 1 });
  try {
    await run(queue);
  } finally {
    await queue.stop();
  }
}

const statuses = async (deps: Deps, meterId: string) => (await deps.store.readings.list(meterId, { limit: 200 })).items.map((r) => [r.value, r.status]).sort((a, b) => Number(a[0]) - Number(b[0]));

describe('the push queue', () => {
  it("answers a meter's backlog of 48 readings (each delivered twice) at once, then bills it in order, each once", async () => {
    await withQueue(async (queue) => {
      const deps = integrationDeps({ now: new Date() });
      const queued: Deps = { ...deps, pushQueue: sqsPushQueue({ url: queue.url, region: 'ap-east-1', endpoint: queue.endpoint }) };
      const m = await meter(deps, 'QB');
      const webhook = ctwing.withDeps(() => queued);
      const t0 = Date.now() - 13 * 3_600_000;
      for (let i = 0; i < 48; i++) {
        const body = pushBody(m.deviceId, m.address, 1_000_000 + i * 1_000, t0 + i * QUARTER_HOUR_MS);
        for (const copy of [1, 2]) {
          const answer = await webhook(webhookEvent(body));
          expect([answer.statusCode, JSON.parse(answer.body!).outcome], `reading ${i}, copy ${copy}`).toEqual([200, 'queued']);
        }
      }
      // Answered, not yet billed: nothing consumes the queue so far.
      expect(await statuses(deps, m.id)).toEqual([]);
      expect((await queue.depth()).waiting).toBeGreaterThanOrEqual(48);

      const consumer = startQueueConsumer({ queue, deliver: (event) => ingestBatch(deps, event) });
      try {
        expect(await queue.drained()).toBe(0);
      } finally {
        await consumer.stop();
      }
      const expected = Array.from({ length: 48 }, (_, i) => [1_000_000 + i * 1_000, i === 0 ? 'baseline' : 'billed']);
      expect(await statuses(deps, m.id)).toEqual(expected); // out of order, a later one would be `stale`
      const charges = (await wholeLedger(deps, m.id)).filter((entry) => entry.kind === 'charge');
      expect(charges).toHaveLength(47);
      expect(charges.reduce((sum, entry) => sum + entry.amountFen, 0)).toBe(-47 * 50);
      expect((await deps.store.meters.getView(m.id))?.balanceFen).toBe(-47 * 50);
    });
  }, 60_000);

  it("gives back a failed push with the rest of its device's batch, which then bill in order; another device's go on", async () => {
    const deps = integrationDeps({ now: new Date() });
    const [a, b] = [await meter(deps, 'QA'), await meter(deps, 'QC')];
    const t0 = Date.now() - 3 * 3_600_000;
    const message = (m: typeof a, i: number) => {
      const push: QueuedPush = { platform: 'ctwing', raw: pushBody(m.deviceId, m.address, 1_000_000 + i * 1_000, t0 + i * 3_600_000), receivedAt: new Date().toISOString() };
      return { messageId: `${m.id}-${i}`, body: JSON.stringify(push), attributes: { MessageGroupId: `ctwing:${m.deviceId}` } };
    };
    const batch = { Records: [message(a, 0), message(b, 0), message(a, 1), message(a, 2), message(b, 1)] } as unknown as SQSEvent;
    // The store fails once, on meter a's second push.
    let loads = 0;
    const failingOnce: Deps = {
      ...deps,
      store: { ...deps.store, meters: { ...deps.store.meters, loadState: async (id: string) => {
        if (id === a.id && ++loads === 2) throw new Error('throttled');
        return deps.store.meters.loadState(id);
      } } },
    };
    const first = await ingestBatch(failingOnce, batch);
    expect(first.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual([`${a.id}-1`, `${a.id}-2`]);
    expect(await statuses(deps, a.id)).toEqual([[1_000_000, 'baseline']]);
    expect(await statuses(deps, b.id)).toEqual([[1_000_000, 'baseline'], [1_001_000, 'billed']]);
    // Delivered again (what the queue does with reported failures), they bill in order.
    const again = await ingestBatch(failingOnce, { Records: batch.Records.filter((r) => first.batchItemFailures.some((f) => f.itemIdentifier === r.messageId)) });
    expect(again.batchItemFailures).toEqual([]);
    expect(await statuses(deps, a.id)).toEqual([[1_000_000, 'baseline'], [1_001_000, 'billed'], [1_002_000, 'billed']]);
  });

  it('keeps a push that fails five times in the dead-letter queue, while other devices are billed', async () => {
    await withQueue(async (queue) => {
      const deps = integrationDeps({ now: new Date() });
      const queued: Deps = { ...deps, pushQueue: sqsPushQueue({ url: queue.url, region: 'ap-east-1', endpoint: queue.endpoint }) };
      const [broken, fine] = [await meter(deps, 'QD'), await meter(deps, 'QE')];
      const webhook = ctwing.withDeps(() => queued);
      const t0 = Date.now() - 3 * 3_600_000;
      let attempts = 0;
      const failing: Deps = {
        ...deps,
        store: { ...deps.store, meters: { ...deps.store.meters, loadState: async (id: string) => {
          if (id === broken.id) {
            attempts++;
            throw new Error('this meter cannot be loaded');
          }
          return deps.store.meters.loadState(id);
        } } },
      };
      const consumer = startQueueConsumer({ queue, deliver: (event) => ingestBatch(failing, event), log: () => undefined });
      try {
        await webhook(webhookEvent(pushBody(broken.deviceId, broken.address, 1_000_000, t0)));
        for (let i = 0; i < 3; i++) await webhook(webhookEvent(pushBody(fine.deviceId, fine.address, 1_000_000 + i * 1_000, t0 + i * 3_600_000)));
        expect(await queue.drained()).toBe(1);
      } finally {
        await consumer.stop();
      }
      expect(attempts).toBe(5);
      expect(await statuses(deps, fine.id)).toEqual([[1_000_000, 'baseline'], [1_001_000, 'billed'], [1_002_000, 'billed']]);
    });
  }, 60_000);

  it('gives a push the same deduplication id however often it arrives, and another push another', () => {
    const push: QueuedPush = { platform: 'ctwing', raw: '{"a":1}', receivedAt: '2026-12-01T00:00:00.000Z' };
    expect(deduplicationIdOf({ ...push, receivedAt: '2026-12-01T00:05:00.000Z' })).toBe(deduplicationIdOf(push));
    expect(deduplicationIdOf({ ...push, raw: '{"a":2}' })).not.toBe(deduplicationIdOf(push));
    expect(deduplicationIdOf({ ...push, platform: 'iotda' })).not.toBe(deduplicationIdOf(push));
  });
});
