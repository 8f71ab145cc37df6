import { createHash } from 'node:crypto';
import type { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Platform } from '../iot/events';

/** An authenticated push as it waits for processing: exactly what arrived, from whom, and when. */
export interface QueuedPush {
  readonly platform: Platform | 'gateway';
  /** A gateway's batch: which gateway signed it (its path named it). */
  readonly gatewayId?: string;
  readonly raw: string;
  /** When the webhook received it (ISO): a reading without a clock of its own is taken then, and presence is dated by it. */
  readonly receivedAt: string;
}

/**
 * Where webhooks put the pushes they accepted, so a platform is answered
 * as soon as the push is safe and a burst never waits on billing. Pushes of
 * one `group` (a platform device) are processed one at a time in the order
 * given, so a meter's backlog bills in order without contention on its
 * wallet; groups are processed in parallel.
 */
export interface PushQueue {
  enqueue(push: QueuedPush, group: string): Promise<void>;
}

/** SQS's limits: a group or deduplication id is 1..128 printable ASCII characters. */
const SQS_ID = /^[\x21-\x7e]{1,128}$/;
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The message group of a device: the id itself when SQS accepts it, else its hash. */
export const messageGroupOf = (group: string): string => (SQS_ID.test(group) ? group : sha256(group));

/** The same push delivered twice (a platform's retry) is one message while SQS remembers it (5 minutes); billing deduplicates beyond. */
export const deduplicationIdOf = (push: QueuedPush): string => sha256(`${push.platform}\n${push.raw}`);

/**
 * An SQS FIFO queue (on AWS; locally the embedded SQS-compatible server
 * behind `endpoint`). A failed send fails the webhook, which the platform
 * then retries: a push is never answered 200 without being queued.
 */
export function sqsPushQueue(options: { url: string; region: string; endpoint?: string | undefined }): PushQueue {
  // Loaded on the first push: every function builds its dependencies, only webhooks send (the SDK adds ~40 ms to an import).
  let client: Promise<{ sqs: SQSClient; SendMessageCommand: typeof SendMessageCommand }> | undefined;
  const connect = async () => {
    const sdk = await import('@aws-sdk/client-sqs');
    const sqs = new sdk.SQSClient({
      region: options.region,
      maxAttempts: 3,
      ...(options.endpoint
        ? { endpoint: options.endpoint, useQueueUrlAsEndpoint: false, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    });
    return { sqs, SendMessageCommand: sdk.SendMessageCommand };
  };
  return {
    async enqueue(push, group) {
      client ??= connect().catch((error: unknown) => {
        client = undefined; // a failed load is tried again on the next call
        throw error;
      });
      const { sqs, SendMessageCommand } = await client;
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: options.url,
          MessageBody: JSON.stringify(push),
          MessageGroupId: messageGroupOf(group),
          MessageDeduplicationId: deduplicationIdOf(push),
        }),
      );
    },
  };
}
