import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { WechatPayVerificationKeys } from './keys';
import { loadVerificationKeys } from './keys';
import { createSelfSignedCertificate } from './self-signed-cert';

/** A throwaway RSA key pair (2048 bits, as WeChat's). */
export function rsaKeyPair(): { privateKey: KeyObject; publicKey: KeyObject; privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    publicKey,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** A 40-hex-digit serial derived from a public key, standing in for a merchant certificate's serial. */
export const serialOf = (publicKey: KeyObject): string =>
  createHash('sha1').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').toUpperCase();

/**
 * Test-only: every key a WeChat Pay exchange involves, generated fresh (no
 * private key is ever committed): WeChat's public-key pair under a
 * `PUB_KEY_ID_` id, a platform certificate and its key, and the merchant's key.
 */
export function makeWechatPayWorld(merchant = { mchid: '1900000109', appid: 'wxd930ea5d5a258f4f' }) {
  const wechat = rsaKeyPair();
  const platform = rsaKeyPair();
  const certificate = createSelfSignedCertificate({ privateKey: platform.privateKey, publicKey: platform.publicKey, commonName: 'Tenpay.com Root CA (test)' });
  const merchantKey = rsaKeyPair();
  const publicKeyId = 'PUB_KEY_ID_0119000001092026112100000000000001';
  const apiV3Key = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6';
  const keys: WechatPayVerificationKeys = {
    apiV3Key,
    ...merchant,
    publicKeys: loadVerificationKeys({ publicKeyId, publicKeyPem: wechat.publicKeyPem, platformCertPems: [certificate.pem] }),
  };
  return {
    ...merchant,
    apiV3Key,
    keys,
    /** WeChat Pay public-key mode: sign with this under `publicKeyId`. */
    wechat: { ...wechat, serial: publicKeyId },
    /** Platform-certificate mode: sign with this under the certificate's serial. */
    platform: { ...platform, serial: certificate.serialHex, certificatePem: certificate.pem },
    merchant: { ...merchantKey, serial: serialOf(merchantKey.publicKey) },
  };
}

export type WechatPayWorld = ReturnType<typeof makeWechatPayWorld>;
