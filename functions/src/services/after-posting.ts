import type { Deps } from '../deps';
import { dispatchCommand, reconcileSupply } from './commands';

/**
 * What follows every change of a wallet: the supply rule (cut at 0, restore
 * above it), and a first attempt to send the command at once. A command that
 * cannot be sent now stays queued for the scheduled dispatcher; nothing here
 * fails the posting that already happened.
 */
export async function afterPosting(deps: Deps, meterId: string, balanceFen: number | null): Promise<void> {
  if (balanceFen === null) return;
  try {
    const queued = await reconcileSupply(deps, meterId, balanceFen);
    if (queued) await dispatchCommand(deps, queued);
  } catch (error) {
    deps.log.error({ err: error, meterId }, 'supply reconciliation failed; the dispatcher will pick it up');
  }
}
