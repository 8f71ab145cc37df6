/**
 * A small typed client for the platform's signed API (CONTRACT: staff, scope
 * and keys) — what a third party copies: Node 18+ and nothing else.
 *
 *   const api = signedClient({ baseUrl: 'https://api.example.com', keyId: 'k_…', secret: '…' });
 *   const meters = await api.get('/v1/admin/meters?filter=cut');
 *   await api.post('/v1/admin/meters/E-A101/payments', { amountFen: 5000, method: 'bank_transfer', reference: 'BANK-1' });
 *
 * `npx tsx scripts/api-client.ts <baseUrl> <keyId> <secret> <path>` prints a GET's answer.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';

export interface SignedClient {
  get(pathWithQuery: string): Promise<{ status: number; body: unknown }>;
  post(pathWithQuery: string, body: unknown): Promise<{ status: number; body: unknown }>;
  delete(pathWithQuery: string): Promise<{ status: number; body: unknown }>;
}

/** The four headers of a signed request: HMAC-SHA256(secret, METHOD \n path?query \n unix seconds \n nonce \n hex SHA-256(body)). */
export function signedHeaders(keyId: string, secret: string, method: string, pathWithQuery: string, body: string, nowMs = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const nonce = randomBytes(16).toString('hex');
  const bodyHash = createHash('sha256').update(body).digest('hex');
  const signature = createHmac('sha256', secret).update(`${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${bodyHash}`).digest('hex');
  return { 'x-api-key': keyId, 'x-timestamp': timestamp, 'x-nonce': nonce, 'x-signature': signature };
}

export function signedClient(options: { baseUrl: string; keyId: string; secret: string }): SignedClient {
  const send = async (method: string, pathWithQuery: string, body?: unknown) => {
    // The body is signed exactly as sent: serialise once. The path too: as the URL will carry it (percent-encoded, with any prefix of the base URL).
    const text = body === undefined ? '' : JSON.stringify(body);
    const url = new URL(`${options.baseUrl.replace(/\/$/, '')}${pathWithQuery}`);
    const response = await fetch(url, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...signedHeaders(options.keyId, options.secret, method, `${url.pathname}${url.search}`, text) },
      ...(body === undefined ? {} : { body: text }),
    });
    const raw = await response.text();
    return { status: response.status, body: raw === '' ? null : (JSON.parse(raw) as unknown) };
  };
  return { get: (path) => send('GET', path), post: (path, body) => send('POST', path, body), delete: (path) => send('DELETE', path) };
}

function main(): void {
  const [baseUrl, keyId, secret, path] = process.argv.slice(2);
  if (!baseUrl || !keyId || !secret || !path) {
    console.error('usage: npx tsx scripts/api-client.ts <baseUrl> <keyId> <secret> <path>');
    process.exitCode = 2;
    return;
  }
  void signedClient({ baseUrl, keyId, secret })
    .get(path)
    .then((answer) => console.log(answer.status, JSON.stringify(answer.body, null, 2)));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
