import * as z from 'zod';
import { eventOfPush } from '../adapters/iot/parse';
import type { Deps } from '../deps';
import { parseGatewayBatch, processGatewayBatch } from './gateways';
import { handlePush } from './iot-ingest';

/** A queued push as the queue hands it over: its id, its body, and its group. */
export interface QueueMessage {
  readonly id: string;
  readonly body: string;
  readonly group: string;
}

const Body = z.object({
  platform: z.enum(['ctwing', 'onenet', 'iotda', 'gateway']),
  gatewayId: z.string().optional(),
  raw: z.string().max(256 * 1024),
  receivedAt: z.iso.datetime({ offset: true }),
});

/**
 * Processes a batch of queued pushes and says which must come back. Groups
 * (devices) run in parallel; within a group, one push at a time in queue
 * order. When a push fails, it and every later push of its group are given
 * back, so a meter's readings never bill out of order; the queue delivers
 * them again (and, after five failures, keeps them in its dead-letter
 * queue). Processing is idempotent (a reading bills once, a presence or a
 * command result applies once), so a push given back after it was partly
 * done is safe.
 */
export async function consumePushes(deps: Deps, messages: readonly QueueMessage[]): Promise<{ readonly failed: readonly string[] }> {
  const groups = new Map<string, QueueMessage[]>();
  for (const message of messages) groups.set(message.group, [...(groups.get(message.group) ?? []), message]);
  const failed: string[] = [];
  await Promise.all(
    [...groups.values()].map(async (inOrder) => {
      for (const [index, message] of inOrder.entries()) {
        try {
          await consumeOne(deps, message);
        } catch (error) {
          deps.log.error({ err: error, messageId: message.id, group: message.group }, 'push: processing failed, given back with the rest of its group');
          failed.push(...inOrder.slice(index).map((later) => later.id));
          return;
        }
      }
    }),
  );
  return { failed };
}

async function consumeOne(deps: Deps, message: QueueMessage): Promise<void> {
  let body: z.infer<typeof Body>;
  try {
    body = Body.parse(JSON.parse(message.body));
  } catch (error) {
    // Only our webhooks write to this queue: a message that is not theirs would fail forever, so it is logged and let go.
    deps.log.error({ err: error, messageId: message.id }, 'push: not a queued push, dropped');
    return;
  }
  const receivedAt = new Date(body.receivedAt);
  if (body.platform === 'gateway') return consumeGatewayBatch(deps, body.gatewayId ?? '', body.raw, receivedAt);
  // The webhook parsed these very bytes before queueing them, so this does not fail; if it did, failing again would not help.
  let event;
  try {
    event = eventOfPush(body.platform, body.raw, receivedAt);
  } catch (error) {
    deps.log.error({ err: error, messageId: message.id }, 'push: queued body no longer parses, archived as such');
    await deps.store.pushes.archive({ id: deps.ids.next(), platform: body.platform, receivedAt: body.receivedAt, raw: body.raw, outcome: 'unparseable' });
    return;
  }
  await handlePush(deps, body.platform, body.raw, event, receivedAt);
}

/** A gateway's batch, authenticated and parsed by the webhook: taken once by its id (a failure gives it back to the queue). */
async function consumeGatewayBatch(deps: Deps, gatewayId: string, raw: string, receivedAt: Date): Promise<void> {
  const gateway = await deps.store.gateways.get(gatewayId);
  if (!gateway) {
    deps.log.error({ gatewayId }, 'push: a batch of a gateway that no longer exists, dropped');
    return;
  }
  const outcome = await processGatewayBatch(deps, gateway, parseGatewayBatch(raw), receivedAt);
  deps.log.info({ gatewayId, outcome }, 'gateway batch processed');
}
