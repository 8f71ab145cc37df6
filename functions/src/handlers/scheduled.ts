import { defaultDeps } from '../deps';
import { dispatchDueCommands } from '../services/commands';

/**
 * Every minute: send or re-send due commands and expire the stale ones.
 * Never throws: a failed sweep is logged and the next one carries on.
 */
export async function dispatchCommands(): Promise<{ dispatched: number }> {
  const deps = defaultDeps();
  try {
    return { dispatched: await dispatchDueCommands(deps) };
  } catch (error) {
    deps.log.error({ err: error }, 'command sweep failed');
    return { dispatched: 0 };
  }
}
