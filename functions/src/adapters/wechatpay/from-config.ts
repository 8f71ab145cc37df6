import { readFileSync } from 'node:fs';
import { createWechatPayGateway, type WechatPayGatewayOptions } from './gateway';
import { loadVerificationKeys } from './keys';
import { WECHATPAY_API_HOST } from './transport';
import type { PaymentGateway } from './types';

/** The `WECHATPAY_*` environment (CONTRACT.md), as `Config['wechatPay']` should hold it. */
export interface WechatPayConfig {
  /** `sandbox`: calls go to `sandboxUrl` (the local sandbox); `live`: to WeChat. */
  readonly mode: 'sandbox' | 'live';
  readonly sandboxUrl: string;
  readonly mchid: string | undefined;
  /** The mini-program's appid (`WECHAT_APPID`). */
  readonly appid: string | undefined;
  readonly apiV3Key: string | undefined;
  readonly publicKeyId: string | undefined;
  readonly publicKeyFile: string | undefined;
  readonly platformCertFiles: readonly string[];
  readonly merchantPrivateKeyFile: string | undefined;
  readonly merchantSerial: string | undefined;
}

/**
 * Reads the key files named by the configuration and builds the gateway. Call
 * it once per container (it reads files); a missing setting fails here with
 * the variable's name rather than at the first payment.
 */
export function createWechatPayGatewayFromConfig(
  config: WechatPayConfig,
  overrides: Pick<WechatPayGatewayOptions, 'now' | 'fetch' | 'timeoutMs'> = {},
): PaymentGateway {
  const need = (value: string | undefined, name: string): string => {
    if (!value) throw new Error(`WECHATPAY_MODE=${config.mode} needs ${name}`);
    return value;
  };
  if (!config.publicKeyFile && config.platformCertFiles.length === 0) {
    throw new Error(`WECHATPAY_MODE=${config.mode} needs WECHATPAY_PUBLIC_KEY_ID + WECHATPAY_PUBLIC_KEY_FILE or WECHATPAY_PLATFORM_CERT_FILES`);
  }
  const publicKeys = loadVerificationKeys({
    ...(config.publicKeyFile ? { publicKeyId: need(config.publicKeyId, 'WECHATPAY_PUBLIC_KEY_ID'), publicKeyPem: readFileSync(config.publicKeyFile, 'utf8') } : {}),
    platformCertPems: config.platformCertFiles.map((file) => readFileSync(file, 'utf8')),
  });
  return createWechatPayGateway({
    mchid: need(config.mchid, 'WECHATPAY_MCHID'),
    appid: need(config.appid, 'WECHAT_APPID'),
    apiV3Key: need(config.apiV3Key, 'WECHATPAY_APIV3_KEY'),
    merchantSerial: need(config.merchantSerial, 'WECHATPAY_MERCHANT_SERIAL'),
    merchantPrivateKeyPem: readFileSync(need(config.merchantPrivateKeyFile, 'WECHATPAY_MERCHANT_PRIVATE_KEY_FILE'), 'utf8'),
    publicKeys,
    apiBase: config.mode === 'live' ? WECHATPAY_API_HOST : config.sandboxUrl,
    requireHttpsNotifyUrl: config.mode === 'live',
    ...overrides,
  });
}
