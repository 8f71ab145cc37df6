import * as z from 'zod';
import { defaultDeps } from '../deps';
import { react } from '../services/react';

const Job = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('after-posting'), meterId: z.string().min(1).max(64), balanceFen: z.number().int().nullable(), status: z.looseObject({}).optional() }),
  z.object({ kind: z.literal('dispatch-command'), meterId: z.string().min(1).max(64), createdAt: z.string().min(1).max(64), commandId: z.string().min(1).max(64) }),
]);

/**
 * `react` (invoked asynchronously, no HTTP route): the work a webhook hands
 * over so it can answer first. A malformed job is logged and dropped; a
 * failure throws, so Lambda retries it (the work is idempotent).
 */
export async function handler(event: unknown): Promise<{ done: boolean }> {
  const deps = defaultDeps();
  const job = Job.safeParse(event);
  if (!job.success) {
    deps.log.error({ issues: job.error.issues }, 'react: not a job');
    return { done: false };
  }
  await react(deps, job.data as Parameters<typeof react>[1]);
  return { done: true };
}
