import { inject } from 'vitest';
import { loadConfig } from '../../functions/src/config';
import { createDeps } from '../../functions/src/deps';
import { inlineDepsReactions } from '../../functions/src/deps-inline';
import { createLogger } from '../../functions/src/platform';
import { createStore, createTableRef } from '../../functions/src/store';
import { LOCAL_TABLE } from '../../scripts/lib/stack';
import { dispatchOwn } from './dispatch-own';
import './provided';

/**
 * The API's own command dispatch (what its scheduled `dispatchCommands` runs
 * every minute on AWS) for one meter of the browser tests' stack, sending
 * through the meter simulator at `simulatorUrl`: the e2e stack runs no
 * scheduler, so that other files' commands stay where their tests expect them.
 * Real clock: a command waiting out a retry is sent once it is due.
 */
export function dispatchFor(meterId: string, simulatorUrl: string): () => Promise<number> {
  const config = loadConfig({ STAGE: 'local', TABLE_NAME: LOCAL_TABLE, LOG_LEVEL: 'silent', DOWNLINK_MODE: 'simulator', SIMULATOR_URL: simulatorUrl });
  const store = createStore(createTableRef({ tableName: LOCAL_TABLE, region: 'local', endpoint: inject('dynamodbEndpoint') }));
  const deps = createDeps(config, { store, log: createLogger('silent'), reactions: inlineDepsReactions });
  return () => dispatchOwn(deps, meterId);
}
