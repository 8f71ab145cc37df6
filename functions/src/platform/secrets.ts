import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { accessFrom, secretGroupsOf, secretNamesOf } from './access';

/**
 * Every credential the API holds. On a deployed stage none of them is in a
 * function's environment (readable by anyone with
 * `lambda:GetFunctionConfiguration`): each is a SecureString parameter in
 * its group's folder under the stage's path in SSM Parameter Store
 * (`/prepaid/<stage>/<group>/<NAME>`, groups in deploy/access.json, see
 * docs/deploy.md), read only by the functions that declare the group, at
 * run time, and kept for a bounded time, so a
 * rotated secret is taken up within `SECRETS_MAX_AGE_SECONDS` without a
 * redeploy. Locally the same names come from the environment, or from files
 * in `SECRETS_DIR` (one file per name, as Docker and Kubernetes mount them).
 */
export const SECRET_NAMES = [
  'BOOTSTRAP_ADMIN_KEY',
  'API_KEY_SEALING_KEY',
  'WECHAT_SECRET',
  'WECHATPAY_APIV3_KEY',
  'WECHATPAY_MERCHANT_SERIAL',
  /** PEM: the merchant's API private key (apiclient_key.pem). */
  'WECHATPAY_MERCHANT_PRIVATE_KEY',
  /** PEM: the WeChat Pay public key that signs notifications (its id is WECHATPAY_PUBLIC_KEY_ID, not a secret). */
  'WECHATPAY_PUBLIC_KEY',
  /** PEM: WeChat Pay platform certificates, one after another (during the migration to the public key). */
  'WECHATPAY_PLATFORM_CERTS',
  'CTWING_PUSH_TOKEN',
  'CTWING_APP_SECRET',
  'CTWING_MASTER_KEY',
  'ONENET_TOKEN',
  'ONENET_API_KEY',
  'IOTDA_PUSH_TOKEN',
  'IOTDA_AUTH_TOKEN',
  'TENCENT_SMS_SECRET_ID',
  'TENCENT_SMS_SECRET_KEY',
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];
export type Secrets = Partial<Record<SecretName, string>>;

/** Where secrets are read from: `read` answers every name it holds (an absent name is not an error here). */
export interface SecretSource {
  readonly describe: string;
  read(): Promise<Secrets>;
}

export const isSecretName = (name: string): name is SecretName => (SECRET_NAMES as readonly string[]).includes(name);

/** Locally: each of `names` (default: all) from the environment, else from the file of that name in `dir` (when given). */
export function localSecretSource(env: Readonly<Record<string, string | undefined>>, dir?: string, names: readonly SecretName[] = SECRET_NAMES): SecretSource {
  return {
    describe: dir ? `the environment and ${dir}` : 'the environment',
    async read() {
      const found: Secrets = {};
      for (const name of names) {
        const fromEnv = env[name];
        if (fromEnv) found[name] = fromEnv;
        else if (dir && existsSync(path.join(dir, name))) found[name] = readFileSync(path.join(dir, name), 'utf8').trim();
      }
      return found;
    },
  };
}

/** What SSM Parameter Store's `GetParametersByPath` gives for a path, by name relative to it (the shape Powertools' SSMProvider.getMultiple answers). */
export type ParametersByPath = (path: string) => Promise<Record<string, unknown>>;

/**
 * On AWS: the SecureStrings in each of `groups`' folders under
 * `parameterPath` (`<path><group>/<NAME>`), decrypted, by name; a name that
 * is not a secret of its folder's group is ignored. The function's role may
 * read those folders only (deploy/least-privilege.cjs).
 */
export function ssmSecretSource(parameterPath: string, byPath: ParametersByPath, groups: readonly string[]): SecretSource {
  const base = parameterPath.endsWith('/') ? parameterPath : `${parameterPath}/`;
  return {
    describe: `SSM Parameter Store ${base}{${groups.join(',')}}/`,
    async read() {
      const found: Secrets = {};
      for (const group of groups) {
        const own = secretNamesOf([group]);
        for (const [name, value] of Object.entries(await byPath(`${base}${group}`))) {
          const key = name.replace(/^\/+/, '');
          if (isSecretName(key) && own.includes(key) && typeof value === 'string' && value !== '') found[key] = value;
        }
      }
      return found;
    },
  };
}

/** A deployed stage's refusal to start, naming every reason at once. */
export class SecretsRefused extends Error {
  constructor(
    readonly stage: string,
    readonly reasons: readonly string[],
  ) {
    super(`Stage "${stage}" refuses to start: ${reasons.join('; ')}`);
    this.name = 'SecretsRefused';
  }
}

/** A long random key: at least 32 characters, of which at least 16 different (a repeated or dictionary phrase is not a key). */
export const isStrongKey = (key: string): boolean => key.length >= 32 && new Set(key).size >= 16;

/**
 * What a deployed stage cannot run without, given its non-secret settings:
 * the WeChat login and Pay credentials, the sealing and admin keys, each IoT
 * platform it takes pushes from (`IOT_PLATFORMS`, default `ctwing`) with its
 * command credentials, and Tencent SMS when `SMS_MODE=tencent`; of those,
 * the ones in the groups the function may read (its ACCESS).
 */
export function requiredSecrets(env: Readonly<Record<string, string | undefined>>): SecretName[] {
  const required: SecretName[] = ['BOOTSTRAP_ADMIN_KEY', 'API_KEY_SEALING_KEY', 'WECHAT_SECRET', 'WECHATPAY_APIV3_KEY', 'WECHATPAY_MERCHANT_SERIAL', 'WECHATPAY_MERCHANT_PRIVATE_KEY'];
  const platforms = (env.IOT_PLATFORMS ?? 'ctwing').split(',').map((p) => p.trim()).filter(Boolean);
  if (platforms.includes('ctwing')) required.push('CTWING_PUSH_TOKEN', 'CTWING_APP_SECRET', 'CTWING_MASTER_KEY');
  if (platforms.includes('onenet')) required.push('ONENET_TOKEN', 'ONENET_API_KEY');
  if (platforms.includes('iotda')) required.push('IOTDA_PUSH_TOKEN', 'IOTDA_AUTH_TOKEN');
  if (env.SMS_MODE === 'tencent') required.push('TENCENT_SMS_SECRET_ID', 'TENCENT_SMS_SECRET_KEY');
  const held = secretNamesOf(secretGroupsOf(accessFrom(env)));
  return required.filter((name) => held.includes(name));
}

/** The secret names this function may read (its ACCESS's groups; all without ACCESS). */
export const heldSecretNames = (env: Readonly<Record<string, string | undefined>>): SecretName[] => secretNamesOf(secretGroupsOf(accessFrom(env))).filter(isSecretName);

/**
 * Checks a deployed stage's secrets before anything runs: none in the plain
 * environment, every required one present, WeChat Pay's notification key
 * (public key or platform certificates) present, and the keys strong.
 * Throws `SecretsRefused` naming each problem; a local stage passes.
 */
export function checkDeployedSecrets(env: Readonly<Record<string, string | undefined>>, secrets: Secrets, source: string): void {
  const stage = env.STAGE ?? 'local';
  if (stage === 'local' || stage === 'test') return;
  const reasons: string[] = [];
  const inEnvironment = SECRET_NAMES.filter((name) => env[name]);
  if (inEnvironment.length > 0) reasons.push(`secrets in the function's environment (${inEnvironment.join(', ')}): put them in ${source}`);
  const missing = requiredSecrets(env).filter((name) => !secrets[name]);
  if (missing.length > 0) reasons.push(`missing from ${source}: ${missing.join(', ')}`);
  const paying = heldSecretNames(env).includes('WECHATPAY_PUBLIC_KEY');
  if (paying && !secrets.WECHATPAY_PUBLIC_KEY && !secrets.WECHATPAY_PLATFORM_CERTS) reasons.push(`missing from ${source}: WECHATPAY_PUBLIC_KEY or WECHATPAY_PLATFORM_CERTS (notifications could not be verified)`);
  if (secrets.WECHATPAY_PUBLIC_KEY && !env.WECHATPAY_PUBLIC_KEY_ID) reasons.push('WECHATPAY_PUBLIC_KEY is set but WECHATPAY_PUBLIC_KEY_ID (its id, in the environment) is not');
  if (secrets.BOOTSTRAP_ADMIN_KEY && !isStrongKey(secrets.BOOTSTRAP_ADMIN_KEY)) reasons.push('BOOTSTRAP_ADMIN_KEY is weak: use at least 32 random characters (openssl rand -base64 33)');
  if (secrets.API_KEY_SEALING_KEY && !isStrongKey(secrets.API_KEY_SEALING_KEY)) reasons.push('API_KEY_SEALING_KEY is weak: use at least 32 random characters');
  if (secrets.WECHATPAY_APIV3_KEY && Buffer.byteLength(secrets.WECHATPAY_APIV3_KEY) !== 32) reasons.push('WECHATPAY_APIV3_KEY must be the 32-byte APIv3 key from the merchant platform');
  if (reasons.length > 0) throw new SecretsRefused(stage, reasons);
}

/** PEM secrets become files the WeChat Pay adapter reads (its settings name files), in a folder only this process reads. */
const PEM_FILES: readonly { secret: SecretName; variable: string; file: string }[] = [
  { secret: 'WECHATPAY_MERCHANT_PRIVATE_KEY', variable: 'WECHATPAY_MERCHANT_PRIVATE_KEY_FILE', file: 'apiclient_key.pem' },
  { secret: 'WECHATPAY_PUBLIC_KEY', variable: 'WECHATPAY_PUBLIC_KEY_FILE', file: 'pub_key.pem' },
  { secret: 'WECHATPAY_PLATFORM_CERTS', variable: 'WECHATPAY_PLATFORM_CERT_FILES', file: 'platform_certs.pem' },
];

/**
 * The settings the configuration reads, from `secrets`: each secret under its
 * name, and each PEM written to a file in `dir` (mode 0600, named by its
 * content's hash, so a rotated key is a new file) whose path the matching
 * `*_FILE` setting gets.
 */
export function secretSettings(secrets: Secrets, dir: string): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const name of SECRET_NAMES) if (secrets[name] && !PEM_FILES.some((pem) => pem.secret === name)) settings[name] = secrets[name]!;
  for (const pem of PEM_FILES) {
    const text = secrets[pem.secret];
    if (!text) continue;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Certificates one after another are a file each (the adapter reads one certificate a file), their paths joined by commas.
    const blocks = pem.secret === 'WECHATPAY_PLATFORM_CERTS' ? (text.match(/-----BEGIN [^-]+-----[\s\S]+?-----END [^-]+-----/g) ?? [text]) : [text];
    settings[pem.variable] = blocks.map((block, index) => writePrivately(dir, `${index}-${pem.file}`, block)).join(',');
  }
  return settings;
}

/** Writes `text` to a file of `dir` named by its content's hash (mode 0600), whole or not at all (a temporary file renamed); its path. */
function writePrivately(dir: string, name: string, text: string): string {
  const file = path.join(dir, `${createHash('sha256').update(text).digest('hex').slice(0, 16)}-${name}`);
  if (existsSync(file)) return file;
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, text.endsWith('\n') ? text : `${text}\n`, { mode: 0o600 });
  renameSync(temporary, file);
  return file;
}

/** A short fingerprint of `secrets` (never the values): equal when nothing was rotated. */
export const fingerprint = (secrets: Secrets): string =>
  createHash('sha256').update(JSON.stringify(SECRET_NAMES.map((name) => [name, secrets[name] ?? null]))).digest('hex');

/**
 * Keeps a container's secrets: `ensure` reads them from the stage's store
 * when the last read is older than `SECRETS_MAX_AGE_SECONDS` (300), checks a
 * deployed stage's (`checkDeployedSecrets`), and calls `onRotate` when they
 * changed, so the dependencies are built again with the new ones. When the
 * store cannot be read after a success, the secrets held are kept and the
 * read is tried again within 30 s. A deployed stage with no store refuses;
 * locally without one it does nothing (the configuration reads the
 * environment itself).
 */
export function secretsKeeper(options: {
  readonly sourceFor: (env: Readonly<Record<string, string | undefined>>) => SecretSource | null;
  readonly dir: string;
  readonly onRotate: () => void;
  readonly log: (message: string, error: unknown) => void;
}) {
  const state = { settings: {} as Record<string, string>, print: '', readAtMs: Number.NEGATIVE_INFINITY };
  return {
    /** The secrets last read, as configuration settings (PEMs as file paths). */
    settings: (): Readonly<Record<string, string>> => state.settings,
    async ensure(env: Readonly<Record<string, string | undefined>>, nowMs: number): Promise<void> {
      const maxAgeMs = Number(env.SECRETS_MAX_AGE_SECONDS ?? 300) * 1000;
      if (nowMs - state.readAtMs < maxAgeMs) return;
      const stage = env.STAGE ?? 'local';
      const source = options.sourceFor(env);
      if (!source) {
        if (stage !== 'local' && stage !== 'test') throw new SecretsRefused(stage, ['no secret store: set SECRETS_SOURCE=ssm and SECRETS_PATH (docs/deploy.md)']);
        state.readAtMs = nowMs;
        return;
      }
      let secrets: Secrets;
      try {
        secrets = await source.read();
      } catch (error) {
        if (state.print === '') throw error;
        state.readAtMs = nowMs - maxAgeMs + 30_000;
        options.log(`secrets: ${source.describe} could not be read; keeping those read before`, error);
        return;
      }
      try {
        checkDeployedSecrets(env, secrets, source.describe);
      } catch (error) {
        // A bad rotation (a key deleted before its new value was put, a short key) does not stop a running stage.
        if (state.print === '') throw error;
        state.readAtMs = nowMs - maxAgeMs + 30_000;
        options.log(`secrets: ${source.describe} now holds secrets this stage cannot run on; keeping those read before`, error);
        return;
      }
      const print = fingerprint(secrets);
      if (print !== state.print) {
        const rotated = state.print !== '';
        state.settings = secretSettings(secrets, options.dir);
        state.print = print;
        if (rotated || Object.keys(state.settings).length > 0) options.onRotate();
      }
      state.readAtMs = nowMs;
    },
  };
}
