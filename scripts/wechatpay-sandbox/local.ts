/**
 * Local mode in one call: a merchant key kept in `.cache/wechatpay-sandbox/`
 * (git-ignored, never committed), the sandbox started with it, and the
 * `WECHATPAY_*` environment that points the API's gateway at the sandbox.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../lib/here';
import { privateKeyAt, type SandboxKeyMode } from './keys';
import { startWechatPaySandbox, type WechatPaySandbox, type WechatPaySandboxOptions } from './sandbox';

/** Local stand-ins for the merchant's identity; not secrets (the sandbox is the only party that knows them). */
export const LOCAL_MERCHANT = { mchid: '1900000109', appid: 'wxd930ea5d5a258f4f', apiV3Key: 'local-sandbox-apiv3-key-32-bytes' } as const;

export const defaultSandboxDir = (): string => path.join(repoRoot, '.cache', 'wechatpay-sandbox');

export interface LocalWechatPay {
  readonly sandbox: WechatPaySandbox;
  /** Environment for the API process (serverless offline). */
  readonly apiEnv: Record<string, string>;
}

/**
 * Starts the sandbox for the local stack. Call it before the API starts, with
 * the URL the API will listen on: notifications go to its webhook.
 *
 * `env` is the caller's environment (CONTRACT: `start:api` honours every
 * variable set in it): the sandbox plays the merchant the caller names
 * (mchid, appid, APIv3 key, merchant key), and `apiEnv` holds only the
 * `WECHATPAY_*` values the caller left unset. A caller who brings their own
 * WeChat Pay public key keeps it; the sandbox then signs with a platform
 * certificate of its own, so both the caller's notifications and the
 * sandbox's answers verify.
 */
export async function startLocalWechatPay(options: {
  port: number;
  apiUrl: string;
  dir?: string;
  keyMode?: SandboxKeyMode;
  merchant?: Partial<typeof LOCAL_MERCHANT>;
  env?: Readonly<Record<string, string | undefined>>;
  log?: WechatPaySandboxOptions['log'];
}): Promise<LocalWechatPay> {
  const env = Object.fromEntries(Object.entries(options.env ?? {}).filter(([, value]) => value !== undefined && value !== '')) as Record<string, string>;
  const dir = options.dir ?? defaultSandboxDir();
  const merchant = {
    ...LOCAL_MERCHANT,
    ...options.merchant,
    ...(env.WECHATPAY_MCHID ? { mchid: env.WECHATPAY_MCHID } : {}),
    ...(env.WECHAT_APPID ? { appid: env.WECHAT_APPID } : {}),
    ...(env.WECHATPAY_APIV3_KEY ? { apiV3Key: env.WECHATPAY_APIV3_KEY } : {}),
  };
  mkdirSync(dir, { recursive: true });
  // The merchant's API key for local mode: the caller's, or one made once, owner-only, in the git-ignored folder.
  const merchantKeyFile = env.WECHATPAY_MERCHANT_PRIVATE_KEY_FILE ?? path.join(dir, 'merchant-private-key.pem');
  const merchantPublicKey = createPublicKey(privateKeyAt(merchantKeyFile));
  // A stand-in for the merchant certificate's serial: 40 hex digits, stable for the key.
  const merchantSerial = env.WECHATPAY_MERCHANT_SERIAL ?? createHash('sha1').update(merchantPublicKey.export({ type: 'spki', format: 'der' })).digest('hex').toUpperCase();
  const notifyUrl = `${options.apiUrl.replace(/\/+$/, '')}/v1/webhooks/wechatpay`;
  const ownPublicKey = Boolean(env.WECHATPAY_PUBLIC_KEY_ID || env.WECHATPAY_PUBLIC_KEY_FILE);
  const sandbox = await startWechatPaySandbox({
    port: options.port,
    keyMode: options.keyMode ?? (ownPublicKey ? 'platform_cert' : 'public_key'),
    keyDir: dir,
    notifyUrlOverride: notifyUrl,
    merchant: { ...merchant, merchantPublicKey, merchantSerial },
    log: options.log,
  });
  const sandboxEnv: Record<string, string> = {
    WECHATPAY_MODE: 'sandbox',
    WECHATPAY_SANDBOX_URL: sandbox.url,
    WECHATPAY_NOTIFY_URL: notifyUrl,
    WECHATPAY_MCHID: merchant.mchid,
    WECHAT_APPID: merchant.appid,
    WECHATPAY_APIV3_KEY: merchant.apiV3Key,
    WECHATPAY_MERCHANT_PRIVATE_KEY_FILE: merchantKeyFile,
    WECHATPAY_MERCHANT_SERIAL: merchantSerial,
    ...(sandbox.publicKeyId && sandbox.files.publicKey && !ownPublicKey ? { WECHATPAY_PUBLIC_KEY_ID: sandbox.publicKeyId, WECHATPAY_PUBLIC_KEY_FILE: sandbox.files.publicKey } : {}),
    ...(sandbox.files.platformCert ? { WECHATPAY_PLATFORM_CERT_FILES: sandbox.files.platformCert } : {}),
  };
  return { sandbox, apiEnv: fillUnset(sandboxEnv, env) };
}

/** The entries of `defaults` whose name `given` leaves unset: explicit environment always wins. */
export function fillUnset(defaults: Readonly<Record<string, string>>, given: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(defaults).filter(([name]) => given[name] === undefined || given[name] === ''));
}
