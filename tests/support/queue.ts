import { expect, inject } from 'vitest';
import { localSqsClient, waitDrained } from '../../scripts/lib/push-queue';
import { call } from './http';

/**
 * Waits until the stack's push queue holds nothing (waiting or in flight):
 * every push answered before this call has then been processed. The
 * contract promises effects within a few seconds; past 20 s this fails.
 * Also fails if a push ended in the dead-letter queue (its processing
 * failed five times).
 */
export async function pushesSettled(timeoutMs = 20_000): Promise<void> {
  const queue = inject('pushQueue');
  const sqs = localSqsClient(queue.endpoint);
  try {
    expect(await waitDrained(sqs, queue, timeoutMs), 'pushes whose processing failed five times').toBe(0);
  } finally {
    sqs.destroy();
  }
}

/** What became of a meter's pushed reading of `value` once processed: `reading:<status>` as the synchronous path answers, or `none`. */
export async function readingOutcome(api: string, token: string, meterId: string, value: number): Promise<string> {
  await pushesSettled();
  const items = (await call(api, `/v1/meters/${meterId}/readings?limit=100`, { token })).body.items as { value: number; status: string }[];
  const reading = items.find((item) => item.value === value);
  return reading ? `reading:${reading.status}` : 'none';
}
