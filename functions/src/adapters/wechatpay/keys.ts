import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';

/** Serials of WeChat Pay public keys start with this; anything else names a platform certificate. */
export const PUBLIC_KEY_ID_PREFIX = 'PUB_KEY_ID_';

/** What verifies WeChat Pay's signatures and decrypts its resources. */
export interface WechatPayVerificationKeys {
  /** The APIv3 key: 32 bytes of UTF-8, the AES-256-GCM key of notification resources. */
  readonly apiV3Key: string;
  readonly mchid: string;
  readonly appid: string;
  /** Every key WeChat may sign with, by the serial it sends in `Wechatpay-Serial` (both kinds at once while migrating). */
  readonly publicKeys: ReadonlyMap<string, KeyObject>;
}

/**
 * Builds the serial → key map from the configured PEM texts: the WeChat Pay
 * public key under its `PUB_KEY_ID_…` id, and each platform certificate under
 * its own serial number (upper-case hex, as WeChat writes it).
 *
 * @example
 * loadVerificationKeys({ publicKeyId: 'PUB_KEY_ID_0114…', publicKeyPem: readFileSync(file, 'utf8') })
 */
export function loadVerificationKeys(options: {
  publicKeyId?: string;
  publicKeyPem?: string;
  platformCertPems?: readonly string[];
}): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  if (options.publicKeyPem !== undefined || options.publicKeyId !== undefined) {
    const { publicKeyId, publicKeyPem } = options;
    if (!publicKeyId?.startsWith(PUBLIC_KEY_ID_PREFIX)) throw new Error(`The WeChat Pay public key id must start with ${PUBLIC_KEY_ID_PREFIX}`);
    if (!publicKeyPem) throw new Error(`The WeChat Pay public key ${publicKeyId} has no PEM`);
    keys.set(publicKeyId, createPublicKey(publicKeyPem));
  }
  for (const pem of options.platformCertPems ?? []) {
    const certificate = new X509Certificate(pem);
    const serial = certificate.serialNumber.toUpperCase();
    if (serial.startsWith(PUBLIC_KEY_ID_PREFIX)) throw new Error('A platform certificate cannot have a public-key serial');
    keys.set(serial, certificate.publicKey);
  }
  return keys;
}

/** The key for a `Wechatpay-Serial` value; certificate serials match whatever their case. */
export function findVerificationKey(keys: ReadonlyMap<string, KeyObject>, serial: string): KeyObject | undefined {
  const upper = serial.toUpperCase();
  // A public-key id is matched exactly; only a certificate serial (a hex number) is case-free.
  return keys.get(serial) ?? (upper.startsWith(PUBLIC_KEY_ID_PREFIX) ? undefined : keys.get(upper));
}
