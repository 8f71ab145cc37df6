import { sign, verify, X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import Pay from 'wechatpay-node-v3';
import { beforeAll, describe, expect, it } from 'vitest';
import { encryptResource } from './aead';
import { NotificationRejected, type NotificationRejectReason } from './errors';
import { loadVerificationKeys } from './keys';
import { checkMerchant, verifyNotification, type NotifiedRefund, type NotifiedTransaction } from './notification';
import { signNotification } from './notification-sign';
import { signWechatpayMessage } from './signature';
import { makeWechatPayWorld, rsaKeyPair, type WechatPayWorld } from './test-fixtures';

let world: WechatPayWorld;
beforeAll(() => {
  world = makeWechatPayWorld();
});

const NOW = new Date('2026-11-21T08:00:00Z');

const transaction = (): NotifiedTransaction => ({
  mchid: world.mchid,
  appid: world.appid,
  out_trade_no: 'R20261121160000ABCDEF123456',
  transaction_id: '4200002026112112345678901234',
  trade_type: 'JSAPI',
  trade_state: 'SUCCESS',
  trade_state_desc: '支付成功',
  bank_type: 'OTHERS',
  attach: 'meter-1',
  success_time: '2026-11-21T16:00:00+08:00',
  payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  amount: { total: 5000, payer_total: 5000, currency: 'CNY', payer_currency: 'CNY' },
});

const refund = (): NotifiedRefund => ({
  mchid: world.mchid,
  out_trade_no: 'R20261121160000ABCDEF123456',
  transaction_id: '4200002026112112345678901234',
  out_refund_no: 'F20261121170000XYZ',
  refund_id: '50300002026112112345678901234',
  refund_status: 'SUCCESS',
  success_time: '2026-11-21T17:00:05+08:00',
  user_received_account: '支付用户零钱',
  amount: { total: 5000, refund: 1200, payer_total: 5000, payer_refund: 1200 },
});

/** A payment notification as WeChat sends it, signed with the public-key mode key unless told otherwise. */
const paid = (overrides: { now?: Date; signer?: { privateKey: WechatPayWorld['wechat']['privateKey']; serial: string } } = {}) =>
  signNotification({ ...(overrides.signer ?? world.wechat), apiV3Key: world.apiV3Key, now: overrides.now ?? NOW, eventType: 'TRANSACTION.SUCCESS', resource: transaction() });

/** Re-signs a hand-altered body with WeChat's real key, so only the later checks can catch the alteration. */
const resign = (body: string, now = NOW) => ({ headers: { 'Content-Type': 'application/json', ...signWechatpayMessage({ ...world.wechat, body, now }) }, body });

function rejectionOf(run: () => unknown): NotificationRejectReason | 'accepted' | 'other' {
  try {
    run();
    return 'accepted';
  } catch (error) {
    return error instanceof NotificationRejected ? error.reason : 'other';
  }
}

describe('verifyNotification', () => {
  it('accepts a payment notification signed with the WeChat Pay public key and returns the decrypted transaction', () => {
    // Prepare
    const { headers, body } = paid();
    // Act
    const note = verifyNotification(world.keys, { headers, rawBody: body, now: NOW });
    // Assess
    expect(note).toMatchObject({ kind: 'transaction', eventType: 'TRANSACTION.SUCCESS', resourceType: 'encrypt-resource', summary: '支付成功' });
    expect(note.decrypted).toEqual(transaction());
    expect(note.id).toBe(JSON.parse(body).id);
  });

  it('accepts a refund notification signed with a platform certificate, while the public key is configured too', () => {
    const { headers, body } = signNotification({ ...world.platform, apiV3Key: world.apiV3Key, now: NOW, eventType: 'REFUND.SUCCESS', resource: refund() });
    expect(headers['Wechatpay-Serial']).toMatch(/^[0-9A-F]{40}$/);
    const note = verifyNotification(world.keys, { headers, rawBody: Buffer.from(body), now: NOW });
    expect(note).toMatchObject({ kind: 'refund', eventType: 'REFUND.SUCCESS' });
    expect(note.decrypted).toEqual(refund());
  });

  it('reads headers in any case, as API Gateway, node:http and fetch deliver them', () => {
    const { headers, body } = paid();
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
    for (const bag of [lower, upper, new Headers(headers)]) {
      expect(verifyNotification(world.keys, { headers: bag, rawBody: body, now: NOW }).kind).toBe('transaction');
    }
  });

  it('rejects a signature made with another key under the right serial (bad_signature)', () => {
    const forger = rsaKeyPair();
    const { headers, body } = paid({ signer: { privateKey: forger.privateKey, serial: world.wechat.serial } });
    expect(rejectionOf(() => verifyNotification(world.keys, { headers, rawBody: body, now: NOW }))).toBe('bad_signature');
  });

  it('checks the raw bytes: the same JSON re-serialised with other spacing fails (bad_signature)', () => {
    const { headers, body } = paid();
    const respaced = JSON.stringify(JSON.parse(body), null, 1);
    expect(rejectionOf(() => verifyNotification(world.keys, { headers, rawBody: respaced, now: NOW }))).toBe('bad_signature');
  });

  it('rejects a tampered ciphertext even when the body is re-signed with the right key (bad_ciphertext)', () => {
    const parsed = JSON.parse(paid().body);
    const sealed = Buffer.from(parsed.resource.ciphertext, 'base64');
    sealed[3] = sealed[3]! ^ 0x01;
    parsed.resource.ciphertext = sealed.toString('base64');
    const { headers, body } = resign(JSON.stringify(parsed));
    expect(rejectionOf(() => verifyNotification(world.keys, { headers, rawBody: body, now: NOW }))).toBe('bad_ciphertext');
  });

  it('rejects a changed tag, a changed associated_data, a truncated ciphertext and a wrong APIv3 key (bad_ciphertext)', () => {
    const variants: ((resource: Record<string, string>) => void)[] = [
      (r) => {
        const sealed = Buffer.from(r.ciphertext!, 'base64');
        sealed[sealed.length - 1] = sealed[sealed.length - 1]! ^ 0x80;
        r.ciphertext = sealed.toString('base64');
      },
      (r) => (r.associated_data = 'refund'),
      (r) => (r.ciphertext = Buffer.from(r.ciphertext!, 'base64').subarray(0, 10).toString('base64')),
    ];
    for (const alter of variants) {
      const parsed = JSON.parse(paid().body);
      alter(parsed.resource);
      const { headers, body } = resign(JSON.stringify(parsed));
      expect(rejectionOf(() => verifyNotification(world.keys, { headers, rawBody: body, now: NOW }))).toBe('bad_ciphertext');
    }
    const { headers, body } = paid();
    const otherKey = { ...world.keys, apiV3Key: 'z'.repeat(32) };
    expect(rejectionOf(() => verifyNotification(otherKey, { headers, rawBody: body, now: NOW }))).toBe('bad_ciphertext');
  });

  it('rejects a timestamp exactly 300 s old or 300 s ahead, and accepts 299 s (stale_timestamp)', () => {
    const signedAt = (offsetSeconds: number) => paid({ now: new Date(NOW.getTime() - offsetSeconds * 1000) });
    const check = (offsetSeconds: number) => {
      const { headers, body } = signedAt(offsetSeconds);
      return rejectionOf(() => verifyNotification(world.keys, { headers, rawBody: body, now: NOW }));
    };
    expect(check(300)).toBe('stale_timestamp');
    expect(check(-300)).toBe('stale_timestamp');
    expect(check(86_400)).toBe('stale_timestamp');
    expect(check(299)).toBe('accepted');
    expect(check(-299)).toBe('accepted');
  });

  it('rejects a serial it has no key for (unknown_serial), including a public-key id in another case', () => {
    const stranger = rsaKeyPair();
    const { headers, body } = paid({ signer: { privateKey: stranger.privateKey, serial: 'PUB_KEY_ID_0000000000000000000000000000000000' } });
    expect(rejectionOf(() => verifyNotification(world.keys, { headers, rawBody: body, now: NOW }))).toBe('unknown_serial');
    const genuine = paid();
    const renamed = { ...genuine.headers, 'Wechatpay-Serial': world.wechat.serial.toLowerCase() };
    expect(rejectionOf(() => verifyNotification(world.keys, { headers: renamed, rawBody: genuine.body, now: NOW }))).toBe('unknown_serial');
  });

  it('accepts a certificate serial in lower case (it is a hex number)', () => {
    const { headers, body } = signNotification({ ...world.platform, serial: world.platform.serial.toLowerCase(), apiV3Key: world.apiV3Key, now: NOW, eventType: 'REFUND.SUCCESS', resource: refund() });
    expect(verifyNotification(world.keys, { headers, rawBody: body, now: NOW }).kind).toBe('refund');
  });

  it('rejects missing headers, a non-numeric timestamp, a repeated header, a non-JSON body and a foreign envelope (malformed)', () => {
    const { headers, body } = paid();
    const withoutNonce = Object.fromEntries(Object.entries(headers).filter(([k]) => k !== 'Wechatpay-Nonce'));
    const cases: [Record<string, string | string[]>, string][] = [
      [withoutNonce, body],
      [{ ...headers, 'Wechatpay-Timestamp': '17e8' }, body],
      [{ ...headers, 'wechatpay-serial': 'PUB_KEY_ID_other' }, body],
      [resign('not json').headers, 'not json'],
      [resign('{"id":"x"}').headers, '{"id":"x"}'],
    ];
    for (const [bag, raw] of cases) expect(rejectionOf(() => verifyNotification(world.keys, { headers: bag, rawBody: raw, now: NOW }))).toBe('malformed');
  });

  it('rejects a decrypted resource that is not as documented, and an unknown event type (malformed)', () => {
    const missingPayer = { ...transaction(), payer: undefined };
    const { headers, body } = signNotification({ ...world.wechat, apiV3Key: world.apiV3Key, now: NOW, eventType: 'TRANSACTION.SUCCESS', resource: missingPayer as never });
    expect(rejectionOf(() => verifyNotification(world.keys, { headers, rawBody: body, now: NOW }))).toBe('malformed');
    const floatAmount = signNotification({ ...world.wechat, apiV3Key: world.apiV3Key, now: NOW, eventType: 'TRANSACTION.SUCCESS', resource: { ...transaction(), amount: { total: 50.5, payer_total: 50.5, currency: 'CNY' } } });
    expect(rejectionOf(() => verifyNotification(world.keys, { headers: floatAmount.headers, rawBody: floatAmount.body, now: NOW }))).toBe('malformed');
    const notJson = signNotification({ ...world.wechat, apiV3Key: world.apiV3Key, now: NOW, eventType: 'TRANSACTION.SUCCESS', resource: transaction(), plaintext: '<xml/>' });
    expect(rejectionOf(() => verifyNotification(world.keys, { headers: notJson.headers, rawBody: notJson.body, now: NOW }))).toBe('malformed');
    const parsed = JSON.parse(paid().body);
    parsed.event_type = 'MCHTRANSFER.BILL.FINISHED';
    const other = resign(JSON.stringify(parsed));
    expect(rejectionOf(() => verifyNotification(world.keys, { headers: other.headers, rawBody: other.body, now: NOW }))).toBe('malformed');
  });

  it('rejects another resource algorithm or signature type (unsupported_algorithm)', () => {
    const parsed = JSON.parse(paid().body);
    parsed.resource.algorithm = 'AEAD_SM4_GCM';
    const sm4 = resign(JSON.stringify(parsed));
    expect(rejectionOf(() => verifyNotification(world.keys, { headers: sm4.headers, rawBody: sm4.body, now: NOW }))).toBe('unsupported_algorithm');
    const { headers, body } = paid();
    expect(rejectionOf(() => verifyNotification(world.keys, { headers: { ...headers, 'Wechatpay-Signature-Type': 'WECHATPAY2-SM2-WITH-SM3' }, rawBody: body, now: NOW }))).toBe('unsupported_algorithm');
  });

  it('never accepts a body with any single byte changed (property)', () => {
    const { headers, body } = paid();
    const bytes = Buffer.from(body);
    fc.assert(
      fc.property(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, flip) => {
        const altered = Buffer.from(bytes);
        altered[index] = altered[index]! ^ flip;
        expect(rejectionOf(() => verifyNotification(world.keys, { headers, rawBody: altered, now: NOW }))).not.toBe('accepted');
      }),
      { numRuns: 60 },
    );
  });

  it('gives the webhook a 4xx status and WeChat failure body', () => {
    const error = new NotificationRejected('bad_signature', 'The signature does not match the body');
    expect(error.status).toBe(401);
    expect(error.code).toBe('wechatpay.notification.bad_signature');
    expect(error.toWechatAnswer()).toEqual({ code: 'FAIL', message: 'The signature does not match the body' });
    expect(new NotificationRejected('malformed', 'x').status).toBe(400);
  });

  it('is needed: wechatpay-node-v3 decrypts a tampered ciphertext without complaint (it never calls final())', () => {
    const resource = encryptResource({ apiV3Key: world.apiV3Key, plaintext: JSON.stringify(transaction()), associatedData: 'transaction', originalType: 'transaction' });
    const sealed = Buffer.from(resource.ciphertext, 'base64');
    sealed[0] = sealed[0]! ^ 0x01;
    const library = new Pay({ appid: world.appid, mchid: world.mchid, serial_no: 'X', publicKey: Buffer.from(world.merchant.publicKeyPem), privateKey: Buffer.from(world.merchant.privateKeyPem) });
    expect(() => library.decipher_gcm(sealed.toString('base64'), resource.associated_data!, resource.nonce, world.apiV3Key)).not.toThrow();
  });
});

describe('checkMerchant', () => {
  it('accepts our mchid and appid and names the first mismatch', () => {
    const expected = { mchid: world.mchid, appid: world.appid };
    expect(checkMerchant(transaction(), expected)).toEqual({ ok: true });
    expect(checkMerchant({ ...transaction(), mchid: '1900000000' }, expected)).toEqual({ ok: false, mismatch: 'mchid' });
    expect(checkMerchant({ ...transaction(), appid: 'wx0000000000000000' }, expected)).toEqual({ ok: false, mismatch: 'appid' });
    expect(checkMerchant(refund(), expected)).toEqual({ ok: true });
    expect(checkMerchant({ ...refund(), mchid: '1900000000' }, expected)).toEqual({ ok: false, mismatch: 'mchid' });
  });
});

describe('loadVerificationKeys', () => {
  it('files the public key under its id and a certificate under its serial in upper-case hex', () => {
    const serials = [...world.keys.publicKeys.keys()];
    expect(serials).toEqual([world.wechat.serial, world.platform.serial]);
    expect(world.platform.serial).toBe(new X509Certificate(world.platform.certificatePem).serialNumber.toUpperCase());
    expect(world.keys.publicKeys.get(world.platform.serial)!.equals(world.platform.publicKey)).toBe(true);
  });

  it('refuses a public key whose id is not a PUB_KEY_ID_, or an id without a key', () => {
    expect(() => loadVerificationKeys({ publicKeyId: '5157F09EFDC096DE15EBE81A47057A72', publicKeyPem: world.wechat.publicKeyPem })).toThrow(/PUB_KEY_ID_/);
    expect(() => loadVerificationKeys({ publicKeyId: world.wechat.serial })).toThrow(/no PEM/);
  });
});

describe('createSelfSignedCertificate', () => {
  it('makes a certificate that Node reads and that its own key verifies', () => {
    const certificate = new X509Certificate(world.platform.certificatePem);
    expect(certificate.verify(world.platform.publicKey)).toBe(true);
    expect(certificate.subject).toContain('Tenpay.com Root CA (test)');
    const signature = sign('sha256', Buffer.from('x'), world.platform.privateKey);
    expect(verify('sha256', Buffer.from('x'), certificate.publicKey, signature)).toBe(true);
  });
});
