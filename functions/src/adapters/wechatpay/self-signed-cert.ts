import { randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';

/**
 * A minimal self-signed X.509 v3 certificate (RSA, sha256WithRSAEncryption),
 * DER-encoded by hand because node:crypto can read certificates but not make
 * them. Used by tests and by the local sandbox to play a WeChat Pay platform
 * certificate whose private key signs notifications; never in production.
 *
 * @example
 * const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
 * const { pem, serialHex } = createSelfSignedCertificate({ privateKey, publicKey, commonName: 'Tenpay.com Root CA' });
 */
export function createSelfSignedCertificate(options: {
  privateKey: KeyObject;
  publicKey: KeyObject;
  commonName: string;
  /** Hex; random 20 bytes (positive) when absent. */
  serialHex?: string;
  notBefore?: Date;
  notAfter?: Date;
}): { pem: string; serialHex: string } {
  const serial = options.serialHex ? Buffer.from(options.serialHex, 'hex') : randomSerial();
  const notBefore = options.notBefore ?? new Date(Date.now() - 24 * 3_600_000);
  const notAfter = options.notAfter ?? new Date(notBefore.getTime() + 5 * 365 * 24 * 3_600_000);
  const name = sequence(set(sequence(oid('2.5.4.3'), utf8(options.commonName))));
  const sha256WithRsa = sequence(oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]));
  const tbs = sequence(
    tlv(0xa0, integer(Buffer.from([2]))), // [0] EXPLICIT version v3
    integer(serial),
    sha256WithRsa,
    name,
    sequence(time(notBefore), time(notAfter)),
    name,
    options.publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, options.privateKey);
  const der = sequence(tbs, sha256WithRsa, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const body = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  const pem = `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
  // The serial as a verifier reads it (upper-case hex, as WeChat writes it in `Wechatpay-Serial`).
  return { pem, serialHex: new X509Certificate(pem).serialNumber.toUpperCase() };
}

function randomSerial(): Buffer {
  const bytes = randomBytes(20);
  bytes[0] = (bytes[0]! & 0x7f) | 0x10; // positive, 40 hex digits like WeChat's serials
  return bytes;
}

function tlv(tag: number, content: Buffer): Buffer {
  const length = content.length;
  if (length < 0x80) return Buffer.concat([Buffer.from([tag, length]), content]);
  const lengthBytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) lengthBytes.unshift(rest & 0xff);
  return Buffer.concat([Buffer.from([tag, 0x80 | lengthBytes.length, ...lengthBytes]), content]);
}

const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const integer = (bytes: Buffer) => tlv(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);

/** UTCTime (YYMMDDHHMMSSZ) up to 2049, GeneralizedTime after, as RFC 5280 asks. */
function time(date: Date): Buffer {
  const iso = date.toISOString();
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '');
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${digits}Z`));
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [first! * 40 + second!];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (let value = arc >>> 7; value > 0; value >>>= 7) chunk.unshift((value & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}
