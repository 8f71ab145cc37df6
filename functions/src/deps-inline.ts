import { inlineReactions } from './adapters/reactions';
import type { Deps } from './deps';
import { react } from './services/react';

/**
 * Reactions run in-process, right after the caller's work, with the caller's
 * dependencies: for tests, scripts and the demo seed, where nobody waits on
 * an answer. Deployed and local functions hand them to the `react` function
 * instead (REACT_FUNCTION_NAME); kept apart from `deps.ts` so no function's
 * bundle carries every service for a path it never takes.
 */
export const inlineDepsReactions = inlineReactions<Deps>(async (job, caller) => react(caller, job));

/** Export files written in-process, after the request (tests and scripts without an export function). */
export const inlineExportJobs = inlineReactions<Deps>(async (job, caller) => {
  if (job.kind !== 'export') throw new Error(`not an export: ${job.kind}`);
  const { runExport } = await import('./services/exports/run');
  await runExport(caller, job.exportId);
});
