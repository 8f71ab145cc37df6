import { createHash, createHmac } from 'node:crypto';

const sha256Hex = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/**
 * Tencent Cloud API signature v3 (TC3-HMAC-SHA256) of a JSON POST to `/`:
 * the canonical request (method, path, query, signed headers content-type
 * and host, SHA-256 of the body), the string to sign with the credential
 * scope `<UTC date>/<service>/tc3_request`, and the key chain
 * `TC3<secret> → date → service → tc3_request`. The adapter test checks it
 * against the official SDK's own signer for the same input.
 */
export function tc3Authorization(input: { secretId: string; secretKey: string; service: string; host: string; contentType: string; body: string; timestamp: number }): string {
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const signedHeaders = 'content-type;host';
  const canonical = ['POST', '/', '', `content-type:${input.contentType}\nhost:${input.host}\n`, signedHeaders, sha256Hex(input.body)].join('\n');
  const scope = `${date}/${input.service}/tc3_request`;
  const toSign = ['TC3-HMAC-SHA256', String(input.timestamp), scope, sha256Hex(canonical)].join('\n');
  const key = hmac(hmac(hmac(`TC3${input.secretKey}`, date), input.service), 'tc3_request');
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return `TC3-HMAC-SHA256 Credential=${input.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}
