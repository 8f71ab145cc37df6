import { describe, expect, it } from 'vitest';
import { canonicalRequest, openSecret, sealSecret, signRequest } from './api-keys';

describe('signed API requests', () => {
  // The vector was computed with openssl, not with this code: printf '…' | openssl dgst -sha256 -hmac 'tops3cret'.
  it('signs method, path with query, timestamp, nonce and the body hash, as CONTRACT says', () => {
    const body = '{"amountFen":5000}';
    expect(canonicalRequest('post', '/v1/admin/meters/E-1/payments?x=1', '1764633600', 'abcdefghijklmnop', body)).toBe(
      'POST\n/v1/admin/meters/E-1/payments?x=1\n1764633600\nabcdefghijklmnop\n3b7b0cf044647a96ed2cda389efac0cc86a509481159af17aee78ce7b5dd54a5',
    );
    expect(signRequest('tops3cret', 'POST', '/v1/admin/meters/E-1/payments?x=1', '1764633600', 'abcdefghijklmnop', body)).toBe('370789f10c5d04fa2a552f63dd7d6d47416b5b910667da617d00fcbcb8c42086');
    // Any change to what is signed changes the signature.
    expect(signRequest('tops3cret', 'POST', '/v1/admin/meters/E-1/payments?x=1', '1764633600', 'abcdefghijklmnop', '{"amountFen":50000}')).not.toBe('370789f10c5d04fa2a552f63dd7d6d47416b5b910667da617d00fcbcb8c42086');
  });

  it('seals a secret so that only the sealing key opens it, and a changed byte does not open', () => {
    const sealed = sealSecret('s3cret-of-a-key', 'the sealing key');
    expect(sealed).not.toContain('s3cret');
    expect(sealSecret('s3cret-of-a-key', 'the sealing key')).not.toBe(sealed); // a fresh IV each time
    expect(openSecret(sealed, 'the sealing key')).toBe('s3cret-of-a-key');
    expect(() => openSecret(sealed, 'another key')).toThrow();
    const bytes = Buffer.from(sealed, 'base64url');
    bytes[bytes.length - 1]! ^= 1;
    expect(() => openSecret(bytes.toString('base64url'), 'the sealing key')).toThrow();
  });
});
