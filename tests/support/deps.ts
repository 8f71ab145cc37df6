import { inlineDepsReactions } from '../../functions/src/deps-inline';
import { inject } from 'vitest';
import { loadConfig } from '../../functions/src/config';
import { createDeps, type Deps } from '../../functions/src/deps';
import { withWechatPay } from '../../functions/src/deps-payments';
import { createLogger, fixedClock, sequentialIds } from '../../functions/src/platform';
import { createStore, createTableRef } from '../../functions/src/store';
import './provided';

/** Real dependencies over the integration run's DynamoDB Local, with a fixed clock (and, with `wechatPay`, the run's WeChat Pay sandbox). */
export function integrationDeps(options: { tableName?: string; now?: Date; wechatPay?: boolean } = {}): Deps & { clock: ReturnType<typeof fixedClock> } {
  const config = loadConfig({
    STAGE: 'test',
    TABLE_NAME: options.tableName ?? inject('tableName'),
    LOG_LEVEL: 'silent',
    // The API's own WeChat Pay settings: calls go to the same sandbox the API uses.
    ...(options.wechatPay ? inject('wechatPayEnv') : {}),
  });
  const clock = fixedClock(options.now ?? new Date('2026-11-21T08:00:00+08:00'));
  const store = createStore(
    createTableRef({ tableName: config.tableName, region: 'local', endpoint: inject('dynamodbEndpoint') }),
  );
  const deps = createDeps(config, { store, clock, ids: sequentialIds(unique('id')), log: createLogger('silent'), reactions: inlineDepsReactions });
  // WeChat Pay through the run's sandbox, built on first use as in a paying function (integration tests may use it).
  return { ...withWechatPay(deps), clock };
}

/** A unique suffix so parallel tests never share keys. */
export const unique = (prefix: string): string => `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
