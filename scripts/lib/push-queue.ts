import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { freePort } from './ports';

/**
 * The push queue on one machine: fauxqs, an SQS-compatible server in Node
 * (FIFO queues with message groups, deduplication ids, visibility timeouts,
 * long polling, dead-letter redrive), spoken to by the same SQS client and
 * calls as AWS's. Only the endpoint differs.
 */
export interface LocalPushQueue {
  readonly endpoint: string;
  readonly url: string;
  readonly deadLetterUrl: string;
  /** Messages waiting or in flight (main queue) and dead (after `maxReceiveCount` failures). */
  depth(): Promise<QueueDepth>;
  /** Waits until nothing is waiting or in flight (see `waitDrained`) and says how many messages are dead. */
  drained(timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
}

export interface QueueDepth {
  readonly waiting: number;
  readonly inFlight: number;
  readonly dead: number;
}

export const LOCAL_PUSH_QUEUE = 'prepaid-local-pushes.fifo';

export function localSqsClient(endpoint: string): SQSClient {
  return new SQSClient({ region: 'ap-east-1', endpoint, useQueueUrlAsEndpoint: false, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/** How many messages of a queue and its dead-letter queue are waiting, in flight and dead. */
export async function queueDepth(sqs: SQSClient, queue: { readonly url: string; readonly deadLetterUrl: string }): Promise<QueueDepth> {
  const count = async (queueUrl: string) => {
    const { Attributes: a = {} } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return { waiting: Number(a.ApproximateNumberOfMessages ?? 0), inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) };
  };
  const [main, dead] = await Promise.all([count(queue.url), count(queue.deadLetterUrl)]);
  return { ...main, dead: dead.waiting + dead.inFlight };
}

/**
 * Waits until the queue holds nothing waiting or in flight (every message
 * sent before the call was then processed or dead-lettered) and returns how
 * many are dead; throws after `timeoutMs`.
 */
export async function waitDrained(sqs: SQSClient, queue: { readonly url: string; readonly deadLetterUrl: string }, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const depth = await queueDepth(sqs, queue);
    if (depth.waiting + depth.inFlight === 0) return depth.dead;
    if (Date.now() > deadline) throw new Error(`queue not drained after ${timeoutMs} ms: ${JSON.stringify(depth)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts the server and creates the queue as serverless.yml does (FIFO, a
 * dead-letter queue after `maxReceiveCount` receives, five by default).
 */
export async function startLocalPushQueue(options: { port?: number; name?: string; visibilityTimeoutS?: number; maxReceiveCount?: number } = {}): Promise<LocalPushQueue> {
  // fauxqs is ESM only and scripts run as CommonJS: a dynamic import loads it either way.
  const { startFauxqs } = await import('fauxqs');
  const server = await startFauxqs({ port: options.port || (await freePort()), logger: false });
  const endpoint = `http://127.0.0.1:${server.port}`;
  const name = options.name ?? LOCAL_PUSH_QUEUE;
  const sqs = localSqsClient(endpoint);
  try {
    const dead = await sqs.send(new CreateQueueCommand({ QueueName: name.replace(/\.fifo$/, '-dead.fifo'), Attributes: { FifoQueue: 'true' } }));
    const deadArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dead.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn;
    const main = await sqs.send(
      new CreateQueueCommand({
        QueueName: name,
        Attributes: {
          FifoQueue: 'true',
          // Short locally, so a failed push comes back within seconds (AWS: 180 s, 6 × the consumer's timeout).
          VisibilityTimeout: String(options.visibilityTimeoutS ?? 10),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadArn, maxReceiveCount: options.maxReceiveCount ?? 5 }),
        },
      }),
    );
    const url = main.QueueUrl!;
    const deadLetterUrl = dead.QueueUrl!;
    const queue = { url, deadLetterUrl };
    return {
      endpoint,
      url,
      deadLetterUrl,
      depth: () => queueDepth(sqs, queue),
      drained: (timeoutMs) => waitDrained(sqs, queue, timeoutMs),
      stop: async () => {
        sqs.destroy();
        await server.stop();
      },
    };
  } catch (error) {
    sqs.destroy();
    await server.stop();
    throw error;
  }
}

/** Hands one batch to the consumer and returns its answer, as Lambda's SQS event source does. */
export type DeliverBatch = (event: SQSEvent) => Promise<SQSBatchResponse>;

/**
 * Lambda's SQS event source, locally (serverless-offline has none): workers
 * long-poll the queue, hand each batch (up to 10) to the consumer, and delete
 * what it did not report as failed; a failure, or a consumer that did not
 * answer, stays in the queue and comes back after the visibility timeout.
 * The queue keeps one group's messages out of other receives while they are
 * in flight, so a device's pushes are never processed in parallel.
 */
export function startQueueConsumer(options: {
  queue: Pick<LocalPushQueue, 'endpoint' | 'url'>;
  deliver: DeliverBatch;
  workers?: number;
  log?: (line: string) => void;
}): { stop(): Promise<void> } {
  const { endpoint, url } = options.queue;
  const log = options.log ?? ((line: string) => console.error(`[push queue] ${line}`));
  const sqs = localSqsClient(endpoint);
  const stopping = new AbortController();
  const worker = async () => {
    while (!stopping.signal.aborted) {
      let messages: Message[];
      try {
        const received = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'] }),
          { abortSignal: stopping.signal },
        );
        messages = received.Messages ?? [];
      } catch {
        if (stopping.signal.aborted) return;
        await new Promise((resolve) => setTimeout(resolve, 250)); // the server is going away or busy: try again shortly
        continue;
      }
      if (messages.length === 0) continue;
      const failed = await deliverSafely(options.deliver, toEvent(messages), log);
      const done = messages.filter((message) => !failed.has(message.MessageId!));
      if (done.length > 0) {
        await sqs
          .send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })) }))
          .catch(() => undefined); // not deleted: delivered again, and processing is idempotent
      }
    }
  };
  const workers = Array.from({ length: options.workers ?? 4 }, () => worker());
  return {
    stop: async () => {
      stopping.abort();
      await Promise.all(workers);
      sqs.destroy();
    },
  };
}

/** The ids to leave in the queue: those the consumer reported, or all of them when it failed as a whole. */
async function deliverSafely(deliver: DeliverBatch, event: SQSEvent, log: (line: string) => void): Promise<Set<string>> {
  const all = new Set(event.Records.map((record) => record.messageId));
  try {
    const answer = await deliver(event);
    if (!answer || !Array.isArray(answer.batchItemFailures)) return all;
    return new Set(answer.batchItemFailures.map((failure) => failure.itemIdentifier));
  } catch (error) {
    log(`push consumer failed (${error instanceof Error ? error.message : String(error)}); the batch comes back after its visibility timeout`);
    return all;
  }
}

function toEvent(messages: readonly Message[]): SQSEvent {
  return {
    Records: messages.map((message) => ({
      messageId: message.MessageId!,
      receiptHandle: message.ReceiptHandle!,
      body: message.Body ?? '',
      attributes: (message.Attributes ?? {}) as unknown as SQSEvent['Records'][number]['attributes'],
      messageAttributes: {},
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:ap-east-1:000000000000:${LOCAL_PUSH_QUEUE}`,
      awsRegion: 'ap-east-1',
    })),
  };
}

/** Delivers a batch to a function through serverless-offline's Lambda Invoke API (the real handler, as on AWS). */
export function invokeFunction(lambdaUrl: string, functionName: string): DeliverBatch {
  return async (event) => {
    const response = await fetch(`${lambdaUrl}/2015-03-31/functions/${functionName}/invocations`, { method: 'POST', body: JSON.stringify(event), signal: AbortSignal.timeout(60_000) });
    if (!response.ok) throw new Error(`invoke ${functionName}: HTTP ${response.status}`);
    return (await response.json()) as SQSBatchResponse;
  };
}
