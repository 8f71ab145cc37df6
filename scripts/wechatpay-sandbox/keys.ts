/**
 * The sandbox's own signing keys, playing WeChat Pay's: a "WeChat Pay public
 * key" under a `PUB_KEY_ID_` id, and/or a platform certificate. Generated at
 * start-up, or kept in a git-ignored folder (`.cache/…`) so a restarted
 * sandbox keeps the keys an API was configured with.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomInt, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createSelfSignedCertificate } from '../../functions/src/adapters/wechatpay/self-signed-cert';

export type SandboxKeyMode = 'public_key' | 'platform_cert' | 'both';

export interface SandboxSigner {
  readonly serial: string;
  readonly privateKey: KeyObject;
}

export interface SandboxKeys {
  /** One signer, or two in `both` mode (the sandbox alternates, as during WeChat's migration week). */
  readonly signers: readonly SandboxSigner[];
  readonly publicKeyId?: string;
  readonly publicKeyPem?: string;
  readonly platformCertPem?: string;
  readonly platformCertSerial?: string;
  /** Where the public halves were written, when a folder was given (for `WECHATPAY_*_FILE`). */
  readonly files: { readonly publicKey?: string; readonly platformCert?: string };
}

const FILES = {
  publicKeyPrivate: 'wechatpay-public-key.private.pem',
  publicKey: 'wechatpay-public-key.pem',
  publicKeyId: 'wechatpay-public-key-id.txt',
  certPrivate: 'platform-cert.private.pem',
  cert: 'platform-cert.pem',
};

export function loadOrCreateSandboxKeys(mode: SandboxKeyMode, mchid: string, keyDir?: string): SandboxKeys {
  if (keyDir) mkdirSync(keyDir, { recursive: true });
  const file = (name: string) => (keyDir ? path.join(keyDir, name) : undefined);
  const signers: SandboxSigner[] = [];
  let keys: Omit<SandboxKeys, 'signers' | 'files'> = {};
  const files: { publicKey?: string; platformCert?: string } = {};
  if (mode !== 'platform_cert') {
    const privateKey = privateKeyAt(file(FILES.publicKeyPrivate));
    const idFile = file(FILES.publicKeyId);
    const publicKeyId = idFile && existsSync(idFile) ? readFileSync(idFile, 'utf8').trim() : `PUB_KEY_ID_01${mchid.padStart(10, '0')}${Array.from({ length: 22 }, () => randomInt(10)).join('')}`;
    const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
    if (idFile) writeFileSync(idFile, `${publicKeyId}\n`);
    files.publicKey = writePublic(file(FILES.publicKey), publicKeyPem);
    signers.push({ serial: publicKeyId, privateKey });
    keys = { ...keys, publicKeyId, publicKeyPem };
  }
  if (mode !== 'public_key') {
    const certFile = file(FILES.cert);
    const reuse = certFile !== undefined && existsSync(certFile) && existsSync(file(FILES.certPrivate)!);
    const privateKey = privateKeyAt(file(FILES.certPrivate));
    const certificate = reuse
      ? readCertificate(certFile)
      : createSelfSignedCertificate({ privateKey, publicKey: createPublicKey(privateKey), commonName: 'Tenpay.com Root CA (local sandbox)' });
    files.platformCert = writePublic(certFile, certificate.pem);
    signers.push({ serial: certificate.serialHex, privateKey });
    keys = { ...keys, platformCertPem: certificate.pem, platformCertSerial: certificate.serialHex };
  }
  return { ...keys, signers, files };
}

/** Reads the private key at `file`, or makes one (and writes it there, owner-only). */
export function privateKeyAt(file: string | undefined): KeyObject {
  if (file && existsSync(file)) return createPrivateKey(readFileSync(file, 'utf8'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  if (file) writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return privateKey;
}

function writePublic(file: string | undefined, pem: string): string | undefined {
  if (file) writeFileSync(file, pem);
  return file;
}

function readCertificate(file: string): { pem: string; serialHex: string } {
  const pem = readFileSync(file, 'utf8');
  return { pem, serialHex: new X509Certificate(pem).serialNumber.toUpperCase() };
}
