import { NOTIFICATION_KINDS } from '@prepaid/shared';
import * as z from 'zod';
import { containerDeps } from '../deps';
import { react } from '../services/react';
// A money path: traced end to end where tracing is on (serverless.yml tracing: Active).
import '../platform/tracer';

/** What to tell the tenants (see `NoticeIntent`). */
const Notice = z.object({
  kind: z.enum(NOTIFICATION_KINDS),
  dedupe: z.string().min(1).max(200),
  facts: z.object({
    at: z.string().max(40),
    balanceFen: z.number().int().optional(),
    daysRemaining: z.number().int().optional(),
    amountFen: z.number().int().optional(),
    approved: z.boolean().optional(),
    reason: z.string().max(200).optional(),
  }),
});

const Job = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('after-posting'), meterId: z.string().min(1).max(64), balanceFen: z.number().int().nullable(), status: z.looseObject({}).optional(), notices: z.array(Notice).max(20).optional() }),
  z.object({ kind: z.literal('notify'), meterId: z.string().min(1).max(64), notices: z.array(Notice).min(1).max(20) }),
  z.object({ kind: z.literal('dispatch-command'), meterId: z.string().min(1).max(64), createdAt: z.string().min(1).max(64), commandId: z.string().min(1).max(64) }),
]);

/**
 * `react` (invoked asynchronously, no HTTP route): the work a webhook hands
 * over so it can answer first. A malformed job is logged and dropped; a
 * failure throws, so Lambda retries it (the work is idempotent).
 */
export async function handler(event: unknown): Promise<{ done: boolean }> {
  const deps = await containerDeps();
  const job = Job.safeParse(event);
  if (!job.success) {
    deps.log.error({ issues: job.error.issues }, 'react: not a job');
    return { done: false };
  }
  await react(deps, job.data as Parameters<typeof react>[1]);
  return { done: true };
}
