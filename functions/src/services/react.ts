import type { ReactionJob } from '../adapters/reactions';
import type { Deps } from '../deps';
import { afterPosting } from './after-posting';
import { dispatchCommand } from './commands';
import { notifyAll } from './notifications';

/** Carries out a job handed over by `deps.reactions` (see the `react` function). */
export async function react(deps: Deps, job: ReactionJob): Promise<void> {
  if (job.kind === 'after-posting') {
    const meter = await deps.store.meters.get(job.meterId);
    if (meter) await afterPosting(deps, meter, job.balanceFen, job.status ? { status: job.status } : {});
    if (job.notices) await notifyAll(deps, job.meterId, job.notices);
  } else if (job.kind === 'notify') {
    await notifyAll(deps, job.meterId, job.notices);
  } else if (job.kind === 'export') {
    throw new Error(`export ${job.exportId} was handed to react: exports go to the export function (EXPORT_FUNCTION_NAME)`);
  } else {
    const command = await deps.store.commands.get(job.meterId, job.createdAt, job.commandId);
    if (command && ['queued', 'sent', 'delivered'].includes(command.status)) await dispatchCommand(deps, command);
  }
}
