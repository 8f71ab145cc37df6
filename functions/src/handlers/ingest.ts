import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { containerDeps, type Deps } from '../deps';
import { consumePushes } from '../services/push-consumer';
// A money path: traced end to end where tracing is on (serverless.yml tracing: Active).
import '../platform/tracer';

/** One batch of the push queue, with the given dependencies: what `handler` does (tests give their own). */
export async function ingestBatch(deps: Deps, event: SQSEvent): Promise<SQSBatchResponse> {
  const messages = (event.Records ?? []).map((record) => ({ id: record.messageId, body: record.body, group: record.attributes?.MessageGroupId ?? record.messageId }));
  const { failed } = await consumePushes(deps, messages);
  return { batchItemFailures: failed.map((id) => ({ itemIdentifier: id })) };
}

/**
 * `ingest` (the push queue's consumer; no HTTP route): bills the pushes the
 * webhooks queued, a device's in order, and reports the ones to deliver
 * again (ReportBatchItemFailures), so one failure never repeats a batch.
 */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => ingestBatch(await containerDeps(), event);
