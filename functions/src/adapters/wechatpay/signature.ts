import { randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { NotificationRejected } from './errors';
import { findVerificationKey } from './keys';

/** The only signature scheme WeChat Pay v3 uses today. */
export const SIGNATURE_TYPE = 'WECHATPAY2-SHA256-RSA2048';
/** WeChat's window: a timestamp this many seconds away from our clock (or more) is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

/** Headers as API Gateway (any case), node:http (lower case) or fetch (`Headers`) hand them over. */
export type HeaderBag = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/** A message WeChat signed: a notification or an API answer. */
export interface SignedMessage {
  readonly headers: HeaderBag;
  /** The body exactly as received: the signature covers these bytes, never a re-serialised object. */
  readonly body: string | Uint8Array;
  readonly now: Date;
}

/** Case-insensitive header lookup; a header sent twice with different values is malformed. */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const wanted = name.toLowerCase();
  const values = Object.entries(headers as Record<string, string | readonly string[] | undefined>)
    .filter(([key, value]) => key.toLowerCase() === wanted && value !== undefined)
    .flatMap(([, value]) => (typeof value === 'string' ? [value] : [...(value as readonly string[])]));
  if (new Set(values).size > 1) throw new NotificationRejected('malformed', `The ${wanted} header is repeated`);
  return values[0];
}

/**
 * Steps 1–4 of PROTOCOLS.md: lower-cased headers, the ±300 s window, the key
 * chosen by `wechatpay-serial`, and RSA-SHA256 over
 * `${timestamp}\n${nonce}\n${body}\n`. Throws {@link NotificationRejected}.
 */
export function verifyWechatpaySignature(keys: ReadonlyMap<string, KeyObject>, message: SignedMessage): void {
  const read = (name: string) => headerValue(message.headers, name);
  const [timestamp, nonce, signature, serial] = ['wechatpay-timestamp', 'wechatpay-nonce', 'wechatpay-signature', 'wechatpay-serial'].map(read);
  if (!timestamp || !nonce || !signature || !serial) throw new NotificationRejected('malformed', 'The Wechatpay-Timestamp, -Nonce, -Signature and -Serial headers are required');
  const signatureType = read('wechatpay-signature-type');
  if (signatureType !== undefined && signatureType !== SIGNATURE_TYPE) {
    throw new NotificationRejected('unsupported_algorithm', `Unsupported signature type ${signatureType.slice(0, 40)}`);
  }
  if (!/^\d{1,12}$/.test(timestamp)) throw new NotificationRejected('malformed', 'Wechatpay-Timestamp is not a number of seconds');
  const skewSeconds = Math.abs(Math.floor(message.now.getTime() / 1000) - Number(timestamp));
  if (skewSeconds >= MAX_CLOCK_SKEW_SECONDS) throw new NotificationRejected('stale_timestamp', `Wechatpay-Timestamp is ${skewSeconds} s away from now`);
  const key = findVerificationKey(keys, serial);
  if (!key) throw new NotificationRejected('unknown_serial', `No WeChat Pay key has the serial ${serial.slice(0, 64)}`);
  const signed = Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`), bodyBytes(message.body), Buffer.from('\n')]);
  let valid = false;
  try {
    valid = verify('sha256', signed, key, Buffer.from(signature, 'base64'));
  } catch (cause) {
    throw new NotificationRejected('bad_signature', 'The signature could not be checked', { cause });
  }
  if (!valid) throw new NotificationRejected('bad_signature', 'The signature does not match the body');
}

/**
 * The inverse, for the sandbox and tests: WeChat-style `Wechatpay-*` headers
 * for `body`, signed with `privateKey` under `serial`.
 */
export function signWechatpayMessage(options: {
  privateKey: KeyObject;
  serial: string;
  body: string | Uint8Array;
  now: Date;
  nonce?: string;
}): Record<string, string> {
  const timestamp = String(Math.floor(options.now.getTime() / 1000));
  const nonce = options.nonce ?? randomBytes(16).toString('hex').toUpperCase();
  const signed = Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`), bodyBytes(options.body), Buffer.from('\n')]);
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': sign('sha256', signed, options.privateKey).toString('base64'),
    'Wechatpay-Serial': options.serial,
    'Wechatpay-Signature-Type': SIGNATURE_TYPE,
  };
}

const bodyBytes = (body: string | Uint8Array): Buffer => (typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
