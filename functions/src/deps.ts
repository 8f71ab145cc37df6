import type { Clock, IdGenerator } from '@prepaid/shared';
import { ctwingDownlink, gatewayOutbox, iotdaDownlink, onenetDownlink, simulatorDownlink, type Downlink } from './adapters/iot/downlink';
import { liveWeChatMessages, localChannel, tencentSms, type SmsSender, type SubscribeMessages } from './adapters/notify';
import { s3ObjectStore, type ObjectStore } from './adapters/object-store';
import { sqsPushQueue, type PushQueue } from './adapters/push-queue';
import { lambdaReactions, type Reactions } from './adapters/reactions';
import type { PaymentGateway } from './adapters/wechatpay/types';
import { liveWeChatLogin, localWeChatLogin, type WeChatLogin } from './adapters/wechat';
import { loadConfig, type Config } from './config';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger, randomIds, systemClock, type Logger } from './platform';
import { emfMetrics, type BusinessMetrics } from './platform/metrics';
import { accessFrom, guarded, secretGroupsOf, type Access } from './platform/access';
import { heldSecretNames, isSecretName, localSecretSource, SecretsRefused, secretsKeeper, ssmSecretSource, type SecretSource } from './platform/secrets';
import { ssmParametersByPath } from './adapters/ssm';
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
  readonly downlinks: Readonly<Record<'ctwing' | 'onenet' | 'iotda' | 'simulator' | 'gateway', Downlink>>;
  /**
   * WeChat Pay. Only the functions that pay or refund are given it (see
   * `deps-payments.ts`): its library is most of a bundle, and most functions
   * never need it. Elsewhere using it is a programmer error, said at once.
   */
  readonly payments: PaymentGateway;
  /** Work that runs after the answer (the `react` function), or inline where nobody waits on an answer. */
  readonly reactions: Reactions;
  /** Where webhooks queue pushes (PUSH_QUEUE_URL); absent: a push is processed in its request. */
  readonly pushQueue: PushQueue | undefined;
  /** WeChat subscription messages (locally: the notification record is the outbox). */
  readonly messages: SubscribeMessages;
  readonly sms: SmsSender;
  /** Where export files go (EXPORT_BUCKET; locally the embedded S3-compatible server); absent: exports are unavailable. */
  readonly objects: ObjectStore | undefined;
  /** Hands an export's writing to the export function (EXPORT_FUNCTION_NAME), or runs it in-process (`deps-inline.ts`). */
  readonly exportJobs: Reactions;
  /** Business metrics: CloudWatch embedded metrics in a Lambda (and under serverless-offline); elsewhere discarded unless given. */
  readonly metrics: BusinessMetrics;
}

export function createDeps(config: Config, overrides: Partial<Omit<Deps, 'config'>> = {}): Deps {
  const log = overrides.log ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  const store =
    overrides.store ??
    createStore(createTableRef({ tableName: config.tableName, region: config.region, endpoint: config.dynamodbEndpoint, access: config.access }));
  const built: Deps = {
    config,
    log,
    clock,
    ids: overrides.ids ?? randomIds,
    store,
    // Built on first use: a function that may not read the WeChat secret (its ACCESS) never builds them, and does not need it to start.
    wechat: overrides.wechat ?? lazy(() => chooseWeChatLogin(config)),
    downlinks: overrides.downlinks ?? chooseDownlinks(config, overrides.clock ?? systemClock, store),
    payments: overrides.payments ?? paymentsNotGiven(),
    pushQueue: 'pushQueue' in overrides ? overrides.pushQueue : config.pushQueue ? sqsPushQueue({ url: config.pushQueue.url, region: config.region, endpoint: config.pushQueue.endpoint }) : undefined,
    messages: overrides.messages ?? lazy(() => chooseMessages(config, store)),
    sms: overrides.sms ?? chooseSms(config),
    objects: 'objects' in overrides ? overrides.objects : config.exports.bucket ? s3ObjectStore({ bucket: config.exports.bucket, region: config.region, endpoint: config.exports.s3Endpoint }) : undefined,
    exportJobs:
      overrides.exportJobs ??
      (config.exports.functionName ? lambdaReactions({ functionName: config.exports.functionName, region: config.region, endpoint: config.lambdaEndpoint }) : reactionsNotGiven()),
    metrics: overrides.metrics ?? (process.env.AWS_LAMBDA_FUNCTION_NAME ? emfMetrics(config.stage) : { add: () => undefined }),
    reactions: overrides.reactions ?? (config.reactFunctionName ? lambdaReactions({ functionName: config.reactFunctionName, region: config.region, endpoint: config.lambdaEndpoint }) : reactionsNotGiven()),
  };
  return withinAccess(built, config.access);
}

/**
 * The dependencies a function may use under its access (platform/access.ts):
 * any other refuses when used, as its IAM role would on AWS. The table guards
 * itself (store/client.ts).
 */
function withinAccess(deps: Deps, access: Access | null): Deps {
  if (!access) return deps;
  const command = (downlink: Downlink) => guarded(access, 'secrets:iot-command', 'command a meter through its IoT platform', downlink);
  // The export store answers two needs: writing files (the export function), and signing links to them (the export routes).
  const writing = deps.objects && guarded(access, 'files:write', 'write an export file', deps.objects);
  const signing = deps.objects && guarded(access, 'files:read', 'sign a link to an export file', deps.objects);
  return {
    ...deps,
    wechat: guarded(access, 'secrets:wechat', 'exchange a WeChat login code', deps.wechat),
    messages: guarded(access, 'secrets:wechat', 'send a WeChat subscription message', deps.messages),
    sms: guarded(access, 'secrets:sms', 'send an SMS', deps.sms),
    // Locally every platform's commands go to the simulator, which stands in for them: it is held to the same access.
    downlinks: { ...deps.downlinks, ctwing: command(deps.downlinks.ctwing), onenet: command(deps.downlinks.onenet), iotda: command(deps.downlinks.iotda), simulator: command(deps.downlinks.simulator) },
    reactions: guarded(access, 'react', 'hand work to the react function', deps.reactions),
    exportJobs: guarded(access, 'export', 'start the export function', deps.exportJobs),
    pushQueue: deps.pushQueue && guarded(access, 'pushes', 'queue a push', deps.pushQueue),
    objects: writing && signing && { upload: (...args) => writing.upload(...args), signedUrl: (...args) => signing.signedUrl(...args) },
  };
}

function chooseWeChatLogin(config: Config): WeChatLogin {
  if (config.wechat.mode === 'local') return localWeChatLogin;
  const { appId, secret, apiBase } = config.wechat;
  if (!appId || !secret) throw new Error('WECHAT_MODE=live needs WECHAT_APPID and WECHAT_SECRET');
  return liveWeChatLogin({ apiBase, appId, secret });
}

function chooseMessages(config: Config, store: Store): SubscribeMessages {
  if (config.wechat.mode === 'local') return localChannel;
  const { appId, secret, apiBase } = config.wechat;
  if (!appId || !secret) throw new Error('WECHAT_MODE=live needs WECHAT_APPID and WECHAT_SECRET');
  return liveWeChatMessages({ apiBase, appId, secret, tokens: store.contacts });
}

function chooseSms(config: Config): SmsSender {
  const sms = config.notify.sms;
  if (sms.mode === 'tencent') return tencentSms(sms);
  return localChannel; // 'off' never reaches it: no SMS template is chosen
}

/** Without REACT_FUNCTION_NAME (in-process code), reactions must be given (see `deps-inline.ts`): a forgotten one says so. */
function reactionsNotGiven(): Reactions {
  return {
    after: async (job) => {
      throw new Error(`No way to run "${job.kind}" after the answer: set REACT_FUNCTION_NAME, or give these dependencies inline reactions`);
    },
  };
}

/** What a function without WeChat Pay holds instead: any use says so (a programmer error, never a tenant's). */
function paymentsNotGiven(): PaymentGateway {
  return new Proxy({} as PaymentGateway, {
    get: (_target, property) => {
      if (property === 'then') return undefined;
      throw new Error(`WeChat Pay (${String(property)}) is not given to this function: build its dependencies with deps-payments`);
    },
  });
}

/**
 * An object built on first use: the WeChat Pay gateway reads key files and
 * fails without its configuration, which most handlers never need.
 */
export function lazy<T extends object>(build: () => T): T {
  let real: T | undefined;
  return new Proxy({} as T, {
    get: (_target, property) => {
      real ??= build();
      const value = Reflect.get(real, property) as unknown;
      return typeof value === 'function' ? value.bind(real) : value;
    },
  });
}

/** Locally every platform's commands go to the meter simulator: an adapter swap, not another code path. */
function chooseDownlinks(config: Config, clock: Clock, store: Store): Deps['downlinks'] {
  const simulator = simulatorDownlink(config.iot.simulatorUrl);
  // A gateway fetches its meters' commands itself, locally as on AWS (the simulator's gateways do too).
  const gateway = gatewayOutbox(() => store.gateways);
  if (config.iot.downlinkMode === 'simulator') return { simulator, ctwing: simulator, onenet: simulator, iotda: simulator, gateway };
  return {
    simulator,
    gateway,
    ctwing: ctwingDownlink(config.iot.ctwing, () => clock.now()),
    onenet: onenetDownlink(config.iot.onenet, () => clock.now()),
    iotda: iotdaDownlink(config.iot.iotda),
  };
}

let cached: Deps | undefined;

/** The container's dependencies, from `process.env` and the secrets `ensureSecrets` read, built on first use (again after a rotation). */
export function defaultDeps(): Deps {
  cached ??= createDeps(loadConfig({ ...withoutUnheldSecrets(process.env), ...keeper.settings() }));
  return cached;
}

/**
 * The environment without the secrets this function may not read (its
 * ACCESS's groups): on a deployed stage none is there anyway; locally the
 * shell gives every function all of them, and this holds each to what its
 * role would let it read on AWS.
 */
function withoutUnheldSecrets(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const held = new Set<string>(heldSecretNames(env));
  return Object.fromEntries(Object.entries(env).filter(([name]) => !isSecretName(name) || held.has(name)));
}

/** The container's dependencies once its secrets are read (or known current): what every entry point but the HTTP routes awaits. */
export async function containerDeps(): Promise<Deps> {
  await ensureSecrets();
  return defaultDeps();
}

/**
 * The container's secrets (see platform/secrets.ts): every entry point
 * awaits `ensureSecrets()` before `defaultDeps()`. A rotated secret rebuilds
 * the dependencies; a deployed stage with a missing or weak secret, or one in
 * its environment, refuses to start (`SecretsRefused`, naming each).
 */
const keeper = secretsKeeper({
  sourceFor: secretSourceFor,
  dir: path.join(tmpdir(), 'prepaid-secrets'),
  onRotate: () => {
    cached = undefined;
  },
  log: (message, error) => (cached ? cached.log.error({ err: error }, message) : console.error(message, error)),
});

/** Reads the secrets when the last read is older than `SECRETS_MAX_AGE_SECONDS` (300). */
export const ensureSecrets = (env: Readonly<Record<string, string | undefined>> = process.env, nowMs = Date.now()): Promise<void> => keeper.ensure(env, nowMs);

/** The stage's secret store: SSM Parameter Store on AWS (`SECRETS_SOURCE=ssm`, `SECRETS_PATH`), a folder of files locally (`SECRETS_DIR`), or none. */
export function secretSourceFor(env: Readonly<Record<string, string | undefined>>): SecretSource | null {
  if (env.SECRETS_SOURCE === 'ssm') {
    if (!env.SECRETS_PATH?.startsWith('/')) throw new SecretsRefused(env.STAGE ?? 'local', ['SECRETS_PATH must be the parameters\' path, e.g. /prepaid/prod/']);
    return ssmSecretSource(env.SECRETS_PATH, ssmParametersByPath(env), secretGroupsOf(accessFrom(env)));
  }
  return env.SECRETS_DIR ? localSecretSource(env, env.SECRETS_DIR, heldSecretNames(env)) : null;
}
