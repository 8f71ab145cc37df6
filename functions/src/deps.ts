import type { Clock, IdGenerator } from '@prepaid/shared';
import { ctwingDownlink, iotdaDownlink, onenetDownlink, simulatorDownlink, type Downlink } from './adapters/iot/downlink';
import { liveWeChatLogin, localWeChatLogin, type WeChatLogin } from './adapters/wechat';
import { loadConfig, type Config } from './config';
import { createLogger, randomIds, systemClock, type Logger } from './platform';
import { createStore, createTableRef, type Store } from './store';

/** Everything a handler needs, built once per Lambda container and passed in (tests build their own). */
export interface Deps {
  readonly config: Config;
  readonly log: Logger;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly store: Store;
  readonly wechat: WeChatLogin;
  /** Command APIs by IoT platform. */
  readonly downlinks: Readonly<Record<'ctwing' | 'onenet' | 'iotda' | 'simulator', Downlink>>;
}

export function createDeps(config: Config, overrides: Partial<Omit<Deps, 'config'>> = {}): Deps {
  const log = overrides.log ?? createLogger(config.logLevel);
  const store =
    overrides.store ??
    createStore(createTableRef({ tableName: config.tableName, region: config.region, endpoint: config.dynamodbEndpoint }));
  return {
    config,
    log,
    clock: overrides.clock ?? systemClock,
    ids: overrides.ids ?? randomIds,
    store,
    wechat: overrides.wechat ?? chooseWeChatLogin(config),
    downlinks: overrides.downlinks ?? chooseDownlinks(config, overrides.clock ?? systemClock),
  };
}

function chooseWeChatLogin(config: Config): WeChatLogin {
  if (config.wechat.mode === 'local') return localWeChatLogin;
  const { appId, secret, apiBase } = config.wechat;
  if (!appId || !secret) throw new Error('WECHAT_MODE=live needs WECHAT_APPID and WECHAT_SECRET');
  return liveWeChatLogin({ apiBase, appId, secret });
}

/** Locally every platform's commands go to the meter simulator: an adapter swap, not another code path. */
function chooseDownlinks(config: Config, clock: Clock): Deps['downlinks'] {
  const simulator = simulatorDownlink(config.iot.simulatorUrl);
  if (config.iot.downlinkMode === 'simulator') return { simulator, ctwing: simulator, onenet: simulator, iotda: simulator };
  return {
    simulator,
    ctwing: ctwingDownlink(config.iot.ctwing, () => clock.now()),
    onenet: onenetDownlink(config.iot.onenet, () => clock.now()),
    iotda: iotdaDownlink(config.iot.iotda),
  };
}

let cached: Deps | undefined;

/** The container's dependencies, from `process.env`, built on first use. */
export function defaultDeps(): Deps {
  cached ??= createDeps(loadConfig());
  return cached;
}
