import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { checkDeployedSecrets, isStrongKey, localSecretSource, secretSettings, SecretsRefused, secretsKeeper, type SecretSource, type Secrets } from './secrets';

const STRONG = 'Xq7vR2mK9pL4sT8wZ1nB6cF3hJ5dG0yA';
const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
/** Everything a deployed stage taking CTWing pushes needs. */
const complete: Secrets = {
  BOOTSTRAP_ADMIN_KEY: STRONG,
  API_KEY_SEALING_KEY: `${STRONG}-sealing`,
  WECHAT_SECRET: 'wechat-app-secret',
  WECHATPAY_APIV3_KEY: '0123456789abcdefghijklmnopqrstuv',
  WECHATPAY_MERCHANT_SERIAL: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
  WECHATPAY_MERCHANT_PRIVATE_KEY: PEM,
  WECHATPAY_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkq\n-----END PUBLIC KEY-----',
  CTWING_PUSH_TOKEN: 'ctwing-push-token',
  CTWING_APP_SECRET: 'ctwing-app-secret',
  CTWING_MASTER_KEY: 'ctwing-master-key',
};
const prod = { STAGE: 'prod', SECRETS_SOURCE: 'ssm', SECRETS_PATH: '/prepaid/prod/', WECHATPAY_PUBLIC_KEY_ID: 'PUB_KEY_ID_0114232134912410000000000000' };
const refusal = (env: Record<string, string | undefined>, secrets: Secrets): string[] => {
  try {
    checkDeployedSecrets(env, secrets, 'SSM Parameter Store /prepaid/prod/');
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(SecretsRefused);
    return [...(error as SecretsRefused).reasons];
  }
};

describe('secrets, locally', () => {
  it('come from the environment, else from a file of their name in SECRETS_DIR', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'secrets-'));
    writeFileSync(path.join(dir, 'WECHAT_SECRET'), 'from-a-file\n');
    writeFileSync(path.join(dir, 'CTWING_PUSH_TOKEN'), 'file-token');
    const source = localSecretSource({ CTWING_PUSH_TOKEN: 'env-token', UNRELATED: 'x' }, dir);
    expect(await source.read()).toEqual({ WECHAT_SECRET: 'from-a-file', CTWING_PUSH_TOKEN: 'env-token' });
    expect(source.describe).toBe(`the environment and ${dir}`);
  });

  it('are not checked on a local stage', () => {
    expect(refusal({ STAGE: 'local', WECHAT_SECRET: 'in-env' }, {})).toEqual([]);
  });
});

describe('a deployed stage refuses to start', () => {
  it('starts with every secret present and strong', () => {
    expect(refusal(prod, complete)).toEqual([]);
  });

  it('names each secret missing from the store, and the notification key', () => {
    const { WECHAT_SECRET: _secret, CTWING_MASTER_KEY: _master, WECHATPAY_PUBLIC_KEY: _key, ...rest } = complete;
    expect(refusal(prod, rest)).toEqual([
      'missing from SSM Parameter Store /prepaid/prod/: WECHAT_SECRET, CTWING_MASTER_KEY',
      'missing from SSM Parameter Store /prepaid/prod/: WECHATPAY_PUBLIC_KEY or WECHATPAY_PLATFORM_CERTS (notifications could not be verified)',
    ]);
  });

  it('asks for the credentials of each platform it takes pushes from, and for SMS when it sends through Tencent', () => {
    expect(refusal({ ...prod, IOT_PLATFORMS: 'ctwing,onenet', SMS_MODE: 'tencent' }, complete)).toEqual([
      'missing from SSM Parameter Store /prepaid/prod/: ONENET_TOKEN, ONENET_API_KEY, TENCENT_SMS_SECRET_ID, TENCENT_SMS_SECRET_KEY',
    ]);
  });

  it('asks each function only for the secrets of the groups it may read (its ACCESS)', () => {
    // A CTWing webhook reads the push tokens and nothing else: WeChat Pay's keys are not its to miss.
    expect(refusal({ ...prod, ACCESS: 'read,pushes,secrets:iot-push' }, { CTWING_PUSH_TOKEN: 'ctwing-push-token' })).toEqual([]);
    expect(refusal({ ...prod, ACCESS: 'read,pushes,secrets:iot-push' }, {})).toEqual(['missing from SSM Parameter Store /prepaid/prod/: CTWING_PUSH_TOKEN']);
    // A function that pays still needs its merchant keys and the notification key.
    const { WECHATPAY_PUBLIC_KEY: _key, WECHATPAY_MERCHANT_SERIAL: _serial, ...rest } = complete;
    expect(refusal({ ...prod, ACCESS: 'read,write,secrets:api,secrets:wechatpay' }, rest)).toEqual([
      'missing from SSM Parameter Store /prepaid/prod/: WECHATPAY_MERCHANT_SERIAL',
      'missing from SSM Parameter Store /prepaid/prod/: WECHATPAY_PUBLIC_KEY or WECHATPAY_PLATFORM_CERTS (notifications could not be verified)',
    ]);
    // A function with no secret group starts without any.
    expect(refusal({ ...prod, ACCESS: 'read' }, {})).toEqual([]);
  });

  it('reads locally only the secrets of the groups it may read', async () => {
    const source = localSecretSource({ CTWING_PUSH_TOKEN: 'env-token', WECHAT_SECRET: 'not-this-functions' }, undefined, ['CTWING_PUSH_TOKEN']);
    expect(await source.read()).toEqual({ CTWING_PUSH_TOKEN: 'env-token' });
  });

  it('refuses a secret in the function’s plain environment, naming it', () => {
    expect(refusal({ ...prod, WECHAT_SECRET: 'leaked', BOOTSTRAP_ADMIN_KEY: STRONG }, complete)).toEqual([
      "secrets in the function's environment (BOOTSTRAP_ADMIN_KEY, WECHAT_SECRET): put them in SSM Parameter Store /prepaid/prod/",
    ]);
  });

  it('refuses a weak admin or sealing key, an APIv3 key of the wrong length, and a public key without its id', () => {
    const { WECHATPAY_PUBLIC_KEY_ID: _id, ...withoutId } = prod;
    expect(refusal(withoutId, { ...complete, BOOTSTRAP_ADMIN_KEY: 'admin', API_KEY_SEALING_KEY: 'a'.repeat(40), WECHATPAY_APIV3_KEY: 'short' })).toEqual([
      'WECHATPAY_PUBLIC_KEY is set but WECHATPAY_PUBLIC_KEY_ID (its id, in the environment) is not',
      'BOOTSTRAP_ADMIN_KEY is weak: use at least 32 random characters (openssl rand -base64 33)',
      'API_KEY_SEALING_KEY is weak: use at least 32 random characters',
      'WECHATPAY_APIV3_KEY must be the 32-byte APIv3 key from the merchant platform',
    ]);
    expect(isStrongKey('correct horse battery staple ok!')).toBe(false);
    expect(isStrongKey(STRONG)).toBe(true);
  });
});

describe('secret settings', () => {
  it('give the configuration each secret, and each PEM as a private file whose path the *_FILE setting names', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'pem-')), 'secrets');
    const settings = secretSettings(complete, dir);
    expect(settings.WECHAT_SECRET).toBe('wechat-app-secret');
    expect(settings.WECHATPAY_MERCHANT_PRIVATE_KEY).toBeUndefined();
    expect(readFileSync(settings.WECHATPAY_MERCHANT_PRIVATE_KEY_FILE!, 'utf8')).toBe(`${PEM}\n`);
    expect(statSync(settings.WECHATPAY_MERCHANT_PRIVATE_KEY_FILE!).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const config = loadConfig({ STAGE: 'test', ...settings });
    expect(config.wechat.secret).toBe('wechat-app-secret');
    expect(config.payments.merchantPrivateKeyFile).toBe(settings.WECHATPAY_MERCHANT_PRIVATE_KEY_FILE);
    expect(config.payments.publicKeyFile).toBe(settings.WECHATPAY_PUBLIC_KEY_FILE);
    // Platform certificates one after another: a file each, their paths joined by commas (the adapter reads one per file).
    const cert = (n: number) => `-----BEGIN CERTIFICATE-----\nMIIC${n}\n-----END CERTIFICATE-----`;
    const certs = secretSettings({ WECHATPAY_PLATFORM_CERTS: `${cert(1)}\n${cert(2)}\n` }, dir).WECHATPAY_PLATFORM_CERT_FILES!.split(',');
    expect(certs.map((file) => readFileSync(file, 'utf8'))).toEqual([`${cert(1)}\n`, `${cert(2)}\n`]);
    expect(loadConfig({ STAGE: 'test', WECHATPAY_PLATFORM_CERT_FILES: certs.join(',') }).payments.platformCertFiles).toEqual(certs);
    // A rotated key is a new file; the old one is not overwritten under a process reading it.
    const rotated = secretSettings({ ...complete, WECHATPAY_MERCHANT_PRIVATE_KEY: `${PEM}\n` .replace('MIIE', 'MIIF') }, dir);
    expect(rotated.WECHATPAY_MERCHANT_PRIVATE_KEY_FILE).not.toBe(settings.WECHATPAY_MERCHANT_PRIVATE_KEY_FILE);
  });
});

describe('the keeper of a container’s secrets', () => {
  /** A store whose answers the test changes, counting its reads; `fail` makes the next read throw. */
  function store(initial: Secrets) {
    const state = { secrets: initial, reads: 0, fail: false };
    const source: SecretSource = {
      describe: 'SSM Parameter Store /prepaid/prod/',
      read: async () => {
        state.reads += 1;
        if (state.fail) throw new Error('ThrottlingException');
        return { ...state.secrets };
      },
    };
    return { state, source };
  }
  const keeperOver = (source: SecretSource | null) => {
    const events = { rotations: 0, logged: [] as string[] };
    const keeper = secretsKeeper({ sourceFor: () => source, dir: mkdtempSync(path.join(tmpdir(), 'keeper-')), onRotate: () => (events.rotations += 1), log: (message) => events.logged.push(message) });
    return { keeper, events };
  };

  it('reads once per max age, and takes a rotated secret up without a redeploy', async () => {
    const { state, source } = store(complete);
    const { keeper, events } = keeperOver(source);
    await keeper.ensure(prod, 0);
    await keeper.ensure(prod, 299_000);
    expect(state.reads).toBe(1);
    expect(keeper.settings().WECHAT_SECRET).toBe('wechat-app-secret');
    state.secrets = { ...complete, WECHAT_SECRET: 'rotated' };
    await keeper.ensure(prod, 300_000);
    expect(state.reads).toBe(2);
    expect(keeper.settings().WECHAT_SECRET).toBe('rotated');
    expect(events.rotations).toBe(2); // the first read, and the rotation
    await keeper.ensure({ ...prod, SECRETS_MAX_AGE_SECONDS: '60' }, 360_001);
    expect(events.rotations).toBe(2); // read again, nothing changed
  });

  it('keeps what it holds when the store fails after a success, and tries again within 30 s', async () => {
    const { state, source } = store(complete);
    const { keeper, events } = keeperOver(source);
    await keeper.ensure(prod, 0);
    state.fail = true;
    await keeper.ensure(prod, 300_000);
    expect(keeper.settings().WECHAT_SECRET).toBe('wechat-app-secret');
    expect(events.logged).toEqual(['secrets: SSM Parameter Store /prepaid/prod/ could not be read; keeping those read before']);
    await keeper.ensure(prod, 320_000);
    expect(state.reads).toBe(2);
    state.fail = false;
    await keeper.ensure(prod, 330_000);
    expect(state.reads).toBe(3);
  });

  it('keeps running on the secrets it holds when a rotation leaves the store with a missing or weak one', async () => {
    const { state, source } = store(complete);
    const { keeper, events } = keeperOver(source);
    await keeper.ensure(prod, 0);
    state.secrets = { ...complete, BOOTSTRAP_ADMIN_KEY: 'short' };
    await keeper.ensure(prod, 300_000);
    expect(keeper.settings().BOOTSTRAP_ADMIN_KEY).toBe(STRONG);
    expect(events.logged).toEqual(['secrets: SSM Parameter Store /prepaid/prod/ now holds secrets this stage cannot run on; keeping those read before']);
    await keeper.ensure(prod, 320_000);
    expect(state.reads).toBe(2);
    await keeper.ensure(prod, 330_001);
    expect(state.reads).toBe(3);
  });

  it('refuses to start a deployed stage without a store, with a missing secret, or when the first read fails', async () => {
    await expect(keeperOver(null).keeper.ensure(prod, 0)).rejects.toThrow('Stage "prod" refuses to start: no secret store: set SECRETS_SOURCE=ssm and SECRETS_PATH (docs/deploy.md)');
    const { BOOTSTRAP_ADMIN_KEY: _admin, ...withoutAdmin } = complete;
    await expect(keeperOver(store(withoutAdmin).source).keeper.ensure(prod, 0)).rejects.toThrow('missing from SSM Parameter Store /prepaid/prod/: BOOTSTRAP_ADMIN_KEY');
    const failing = store(complete);
    failing.state.fail = true;
    await expect(keeperOver(failing.source).keeper.ensure(prod, 0)).rejects.toThrow('ThrottlingException');
  });

  it('does nothing on a local stage without a store (the configuration reads the environment)', async () => {
    const { keeper, events } = keeperOver(null);
    await keeper.ensure({ STAGE: 'local' }, 0);
    expect(keeper.settings()).toEqual({});
    expect(events.rotations).toBe(0);
  });
});
