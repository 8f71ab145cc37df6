import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError, notFound, unauthorized, type ApiKeyRequest, type Role } from '@prepaid/shared';
import type { Deps } from '../deps';
import type { Principal } from '../http/types';
import type { StoredApiKey } from '../store';
import { actorOf } from './audit';

type KeyDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'config' | 'log'>;

/** CONTRACT: a timestamp more than 300 s from ours is refused. */
export const SIGNATURE_WINDOW_S = 300;
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;
const SIGNATURE = /^[0-9a-f]{64}$/;
const TIMESTAMP = /^\d{1,12}$/;

const sha256Hex = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

/**
 * The string a request is signed over (CONTRACT: staff, scope and keys):
 * method, path with query, timestamp, nonce and the body's SHA-256, one per line.
 */
export function canonicalRequest(method: string, pathWithQuery: string, timestamp: string, nonce: string, body: string): string {
  return `${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${sha256Hex(body)}`;
}

/** The signature of a request: lowercase hex HMAC-SHA256 under the key's secret. */
export function signRequest(secret: string, method: string, pathWithQuery: string, timestamp: string, nonce: string, body: string): string {
  return createHmac('sha256', secret).update(canonicalRequest(method, pathWithQuery, timestamp, nonce, body)).digest('hex');
}

/**
 * Seals a secret under the API's sealing key (AES-256-GCM, a fresh IV each
 * time): the table alone never reveals a secret, and a changed byte fails to open.
 */
export function sealSecret(secret: string, sealingKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', createHash('sha256').update(sealingKey).digest(), iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

export function openSecret(sealed: string, sealingKey: string): string {
  const bytes = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', createHash('sha256').update(sealingKey).digest(), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}

export function sealingKeyOf(deps: KeyDeps): string {
  const key = deps.config.apiKeys.sealingKey;
  if (!key) throw new AppError('api_key.not_configured', 503, 'API_KEY_SEALING_KEY is not set: no API key can be made');
  return key;
}

/** A key as its list shows it: never the secret. */
const keyView = (key: StoredApiKey) => ({
  keyId: key.keyId,
  name: key.name,
  role: key.role,
  buildings: key.buildings,
  fingerprint: key.fingerprint,
  createdAt: key.createdAt,
  createdBy: key.createdBy,
  ...(key.revokedAt ? { revokedAt: key.revokedAt } : {}),
});

/**
 * `POST /v1/admin/api-keys` (admin) `{name, role, buildings?}`: a key for a
 * third party. The secret is answered once; the table keeps it sealed, the
 * audit log only the key's id, name, role, buildings and fingerprint.
 */
export async function createApiKey(deps: KeyDeps, principal: Principal, body: ApiKeyRequest) {
  // A key does not make keys: one holder with many keys could be the two people a four-eyes decision needs.
  if (principal.kind === 'key' && principal.keyId !== 'bootstrap') throw new AppError('api_key.by_person', 403, 'API keys are made by a person (a logged-in admin), not by another key');
  const buildings = [...new Set(body.buildings ?? [])];
  const existing = await deps.store.estate.existingBuildings(buildings);
  const missing = buildings.find((id) => !existing.has(id));
  if (missing !== undefined) throw notFound('building.not_found', `No building "${missing}"`);
  const secret = randomBytes(32).toString('base64url');
  const key: StoredApiKey = {
    keyId: `k_${randomBytes(12).toString('base64url')}`,
    name: body.name,
    role: body.role,
    buildings,
    sealedSecret: sealSecret(secret, sealingKeyOf(deps)),
    fingerprint: sha256Hex(secret).slice(0, 12),
    createdBy: actorOf(principal),
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.store.apiKeys.create(key);
  return { view: { keyId: key.keyId, secret, name: key.name, role: key.role, buildings }, audit: { after: keyView(key) } };
}

export async function listApiKeys(deps: KeyDeps) {
  return { items: (await deps.store.apiKeys.list()).map(keyView), next: null };
}

/** `DELETE /v1/admin/api-keys/{keyId}` (admin): revoked at once and for good; again, or unknown, is a 404. */
export async function revokeApiKey(deps: KeyDeps, principal: Principal, keyId: string) {
  // Read first: an unknown key is refused without a write; the revocation itself is conditional (once, also at once).
  const current = await deps.store.apiKeys.get(keyId);
  const revoked = current && !current.revokedAt ? await deps.store.apiKeys.revoke(keyId, actorOf(principal), deps.clock.now().toISOString()) : null;
  if (!revoked) throw notFound('api_key.not_found', `No active API key "${keyId}"`);
  return keyView(revoked);
}

/** What a signed request brings. Header names lower-cased; the path with its query as sent; the body as received. */
export interface SignedRequest {
  readonly method: string;
  readonly pathWithQuery: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: string;
}

/**
 * Checks a request signed with an API key (CONTRACT). Refused — 401, and the
 * refusal appended to the audit log — when a header is missing or malformed,
 * the timestamp is more than 300 s away, the key is unknown or revoked, the
 * signature does not match (a changed body, path or time), or the nonce was
 * used before. The nonce is claimed only after the signature matched, so no
 * one can spend a key's nonces. Over the key's rate a request is 429.
 */
export async function authenticateSignedRequest(deps: KeyDeps, request: SignedRequest): Promise<Principal> {
  const { headers } = request;
  const keyId = headers['x-api-key'] ?? '';
  const refuse = async (reason: string, status = 401): Promise<never> => {
    await recordRefusal(deps, request, KEY_ID.test(keyId) ? keyId : null, reason, status);
    if (status === 429) throw new AppError('api_key.rate_limited', 429, 'Too many requests with this key; slow down');
    // The reason is the audit log's, not the caller's: the answer does not say whether a key exists.
    throw unauthorized('The signed request was refused (key, time, nonce or signature)');
  };
  const timestamp = headers['x-timestamp'] ?? '';
  const nonce = headers['x-nonce'] ?? '';
  const signature = headers['x-signature'] ?? '';
  if (!KEY_ID.test(keyId) || !TIMESTAMP.test(timestamp) || !NONCE.test(nonce) || !SIGNATURE.test(signature)) return refuse('malformed');
  const nowS = Math.floor(deps.clock.now().getTime() / 1000);
  if (Math.abs(nowS - Number(timestamp)) > SIGNATURE_WINDOW_S) return refuse('timestamp');
  const key = await deps.store.apiKeys.get(keyId);
  if (!key) return refuse('unknown_key');
  if (key.revokedAt) return refuse('revoked');
  const sealingKey = deps.config.apiKeys.sealingKey;
  if (!sealingKey) return refuse('not_configured');
  let secret: string;
  try {
    secret = openSecret(key.sealedSecret, sealingKey);
  } catch (error) {
    // Sealed under another key (a rotated API_KEY_SEALING_KEY) or damaged: our fault, but the caller is refused, not answered 5xx.
    deps.log.error({ err: error, keyId }, 'API key secret does not open');
    return refuse('unsealable');
  }
  const expected = signRequest(secret, request.method, request.pathWithQuery, timestamp, nonce, request.rawBody);
  if (!timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(signature, 'hex'))) return refuse('bad_signature');
  // Remembered past both edges of the window: a replay inside it always finds the nonce.
  if (!(await deps.store.apiKeys.claimNonce(keyId, nonce, nowS + 2 * SIGNATURE_WINDOW_S + 60))) return refuse('nonce_reused');
  const minute = Math.floor(nowS / 60);
  if ((await deps.store.apiKeys.countRequest(keyId, minute, (minute + 2) * 60)) > deps.config.apiKeys.perMinute) return refuse('rate_limited', 429);
  const roles: Role[] = [key.role];
  return { kind: 'key', keyId, roles, buildings: key.buildings };
}

/** A refused signed request, in the audit log (the estate's: a refusal belongs to no building). */
async function recordRefusal(deps: KeyDeps, request: SignedRequest, keyId: string | null, reason: string, status: number): Promise<void> {
  try {
    await deps.store.audit.record({
      id: deps.ids.next(),
      at: deps.clock.now().toISOString(),
      actor: keyId ? `key:${keyId}` : 'anonymous',
      action: 'api_key.refused',
      meterId: null,
      buildingId: null,
      request: { method: request.method, path: request.pathWithQuery.slice(0, 512), reason },
      status,
    });
  } catch (error) {
    // The refusal stands whether or not it could be written down.
    deps.log.error({ err: error, reason }, 'API key refusal not audited');
  }
}
