import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { NotificationRejected } from './errors';

export const AEAD_ALGORITHM = 'AEAD_AES_256_GCM';
const TAG_BYTES = 16;

/** The `resource` object of a notification. */
export interface EncryptedResource {
  readonly algorithm: string;
  readonly ciphertext: string;
  readonly associated_data?: string;
  readonly nonce: string;
  readonly original_type?: string;
}

/** The APIv3 key as AES-256 key bytes; anything but 32 bytes of UTF-8 is a configuration error. */
export function apiV3KeyBytes(apiV3Key: string): Buffer {
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new Error(`The WeChat Pay APIv3 key must be 32 bytes of UTF-8, not ${key.length}`);
  return key;
}

/**
 * Step 6 of PROTOCOLS.md: AES-256-GCM with the APIv3 key, iv = `nonce`, the
 * last 16 bytes of the ciphertext as the tag, AAD = `associated_data` or
 * empty. `final()` checks the tag, so a tampered ciphertext is refused
 * (wechatpay-node-v3 never calls it).
 */
export function decryptResource(apiV3Key: string, resource: EncryptedResource): string {
  if (resource.algorithm !== AEAD_ALGORITHM) throw new NotificationRejected('unsupported_algorithm', `Unsupported resource algorithm ${resource.algorithm.slice(0, 40)}`);
  const sealed = Buffer.from(resource.ciphertext, 'base64');
  if (sealed.length <= TAG_BYTES || resource.nonce.length === 0) throw new NotificationRejected('bad_ciphertext', 'The ciphertext is too short to hold a tag');
  try {
    const decipher = createDecipheriv('aes-256-gcm', apiV3KeyBytes(apiV3Key), Buffer.from(resource.nonce, 'utf8'), { authTagLength: TAG_BYTES });
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw new NotificationRejected('bad_ciphertext', 'The resource does not decrypt under the APIv3 key', { cause });
  }
}

/** The inverse, for the sandbox and tests: the `resource` WeChat would send for `plaintext`. */
export function encryptResource(options: { apiV3Key: string; plaintext: string; associatedData: string; originalType: string; nonce?: string }): EncryptedResource {
  const nonce = options.nonce ?? randomBytes(9).toString('base64url').slice(0, 12);
  const cipher = createCipheriv('aes-256-gcm', apiV3KeyBytes(options.apiV3Key), Buffer.from(nonce, 'utf8'), { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(options.associatedData, 'utf8'));
  const sealed = Buffer.concat([cipher.update(options.plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: AEAD_ALGORITHM, ciphertext: sealed.toString('base64'), associated_data: options.associatedData, nonce, original_type: options.originalType };
}
