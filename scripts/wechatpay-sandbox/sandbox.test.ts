import { sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  beijingDate,
  createWechatPayGateway,
  createWechatPayGatewayFromConfig,
  loadVerificationKeys,
  NotificationRejected,
  type PaymentGateway,
} from '../../functions/src/adapters/wechatpay';
import { makeWechatPayWorld, rsaKeyPair, type WechatPayWorld } from '../../functions/src/adapters/wechatpay/test-fixtures';
import { ABNORMAL_REFUND_WORD, startLocalWechatPay, startWechatPaySandbox, type WechatPaySandbox } from '.';

/** Where the sandbox posts notifications: records them as received and answers from a script. */
interface Received {
  headers: IncomingHttpHeaders;
  body: Buffer;
}
let receiver: Server;
let notifyUrl = '';
const received: Received[] = [];
let answers: number[] = [];

let world: WechatPayWorld;
let sandbox: WechatPaySandbox;
let gateway: PaymentGateway;
let counter = 0;
const newOutTradeNo = () => `T${Date.now()}${String((counter += 1)).padStart(4, '0')}`;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(answers.shift() ?? 204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const address = receiver.address();
  notifyUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/v1/webhooks/wechatpay`;
  world = makeWechatPayWorld();
  sandbox = await startWechatPaySandbox({
    port: 0,
    keyMode: 'both',
    merchant: { mchid: world.mchid, appid: world.appid, apiV3Key: world.apiV3Key, merchantPublicKey: world.merchant.publicKey, merchantSerial: world.merchant.serial },
    retryDelaysMs: [20, 40, 80],
    refundDelayMs: 10,
  });
  gateway = gatewayFor(sandbox, world);
});

afterAll(async () => {
  await sandbox?.stop();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

beforeEach(async () => {
  await sandbox.idle();
  received.length = 0;
  answers = [];
});

function gatewayFor(target: WechatPaySandbox, merchant: WechatPayWorld, keys = { publicKey: true, cert: true }) {
  return createWechatPayGateway({
    mchid: merchant.mchid,
    appid: merchant.appid,
    apiV3Key: merchant.apiV3Key,
    merchantSerial: merchant.merchant.serial,
    merchantPrivateKeyPem: merchant.merchant.privateKeyPem,
    publicKeys: loadVerificationKeys({
      ...(keys.publicKey && target.publicKeyPem ? { publicKeyId: target.publicKeyId, publicKeyPem: target.publicKeyPem } : {}),
      platformCertPems: keys.cert && target.platformCertPem ? [target.platformCertPem] : [],
    }),
    apiBase: target.url,
  });
}

const prepay = (outTradeNo: string, amountFen = 5000, description = '电费充值 A-101') =>
  gateway.prepayJsapi({ outTradeNo, description, amountFen, openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', notifyUrl, timeExpire: new Date(Date.now() + 15 * 60_000), attach: 'meter-1' });

/** Pays through the sandbox and returns the notification as our webhook received it, verified. */
async function payAndReceive(outTradeNo: string) {
  const { notification } = await sandbox.pay(outTradeNo);
  await notification;
  const last = received.at(-1)!;
  return gateway.verifyNotification({ headers: last.headers, rawBody: last.body, now: new Date() });
}

describe('the live adapter against the WeChat Pay sandbox', () => {
  it('prepays: the sandbox creates the order and paySign verifies with the merchant public key', async () => {
    // Prepare
    const outTradeNo = newOutTradeNo();
    // Act
    const { prepayId, payParams } = await prepay(outTradeNo);
    // Assess
    expect(prepayId).toMatch(/^wx\d{14}[0-9a-f]{20}$/);
    expect(payParams).toMatchObject({ appId: world.appid, package: `prepay_id=${prepayId}`, signType: 'RSA' });
    const message = `${payParams.appId}\n${payParams.timeStamp}\n${payParams.nonceStr}\n${payParams.package}\n`;
    expect(verify('sha256', Buffer.from(message), world.merchant.publicKey, Buffer.from(payParams.paySign, 'base64'))).toBe(true);
    expect(sandbox.orders().find((o) => o.outTradeNo === outTradeNo)).toMatchObject({ prepayId, totalFen: 5000, state: 'NOTPAY', attach: 'meter-1' });
    expect(sandbox.orders().find((o) => o.outTradeNo === outTradeNo)!.timeExpire).toMatch(/\+08:00$/);
    await expect(gateway.queryByOutTradeNo(outTradeNo)).resolves.toMatchObject({ tradeState: 'NOTPAY', amountFen: 5000, transactionId: undefined });
  });

  it('pays: the notification the sandbox posts passes verifyNotification, and the query says SUCCESS', async () => {
    const outTradeNo = newOutTradeNo();
    await prepay(outTradeNo, 1234);
    const note = await payAndReceive(outTradeNo);
    expect(note.kind).toBe('transaction');
    expect(note.decrypted).toMatchObject({ mchid: world.mchid, appid: world.appid, out_trade_no: outTradeNo, trade_state: 'SUCCESS', amount: { total: 1234, payer_total: 1234, currency: 'CNY' }, attach: 'meter-1' });
    const status = await gateway.queryByOutTradeNo(outTradeNo);
    expect(status).toMatchObject({ tradeState: 'SUCCESS', amountFen: 1234, mchid: world.mchid, appid: world.appid, payerOpenid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' });
    expect(status.transactionId).toBe(note.decrypted.transaction_id);
    expect(status.successTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
  });

  it('signs with both kinds of key in turn, and each verifies', async () => {
    const serials = new Set<string>();
    for (let i = 0; i < 2; i += 1) {
      const outTradeNo = newOutTradeNo();
      await prepay(outTradeNo);
      await payAndReceive(outTradeNo);
      serials.add(String(received.at(-1)!.headers['wechatpay-serial']));
    }
    expect([...serials].sort()).toEqual([sandbox.platformCertSerial, sandbox.publicKeyId].sort());
  });

  it('refuses a second prepay of a paid order and the close of a paid order; closes an unpaid one', async () => {
    const paid = newOutTradeNo();
    await prepay(paid);
    await sandbox.pay(paid);
    await expect(prepay(paid)).rejects.toMatchObject({ code: 'wechatpay.order_paid', wechatCode: 'ORDERPAID' });
    await expect(gateway.close(paid)).rejects.toMatchObject({ code: 'wechatpay.order_paid' });
    const unpaid = newOutTradeNo();
    await prepay(unpaid);
    await gateway.close(unpaid);
    await expect(gateway.queryByOutTradeNo(unpaid)).resolves.toMatchObject({ tradeState: 'CLOSED' });
    const response = await fetch(`${sandbox.url}/sandbox/pay/${unpaid}`, { method: 'POST' });
    expect(response.status).toBe(409);
  });

  it('gives the same prepay_id for the same request, and refuses the same number with other terms', async () => {
    const outTradeNo = newOutTradeNo();
    const first = await prepay(outTradeNo);
    await expect(prepay(outTradeNo)).resolves.toMatchObject({ prepayId: first.prepayId });
    await expect(prepay(outTradeNo, 9999)).rejects.toMatchObject({ code: 'wechatpay.rejected', wechatCode: 'OUT_TRADE_NO_USED' });
  });

  it('says order_not_found for an order WeChat never saw', async () => {
    await expect(gateway.queryByOutTradeNo('NEVER000001')).rejects.toMatchObject({ code: 'wechatpay.order_not_found', status: 404, wechatCode: 'ORDER_NOT_EXIST' });
  });

  it('refunds: PROCESSING at once, then a verified REFUND.SUCCESS; the same out_refund_no refunds once; never more than paid', async () => {
    const outTradeNo = newOutTradeNo();
    await prepay(outTradeNo, 5000);
    await payAndReceive(outTradeNo);
    const started = await gateway.refund({ outTradeNo, outRefundNo: `${outTradeNo}R1`, reason: '退租', refundFen: 3000, totalFen: 5000, notifyUrl });
    expect(started).toMatchObject({ status: 'PROCESSING', refundFen: 3000, totalFen: 5000, outTradeNo });
    await sandbox.idle();
    const last = received.at(-1)!;
    const note = gateway.verifyNotification({ headers: last.headers, rawBody: last.body, now: new Date() });
    expect(note).toMatchObject({ kind: 'refund', eventType: 'REFUND.SUCCESS' });
    expect(note.decrypted).toMatchObject({ out_refund_no: `${outTradeNo}R1`, refund_status: 'SUCCESS', amount: { total: 5000, refund: 3000 } });
    await expect(gateway.queryRefund(`${outTradeNo}R1`)).resolves.toMatchObject({ status: 'SUCCESS', refundId: started.refundId, refundFen: 3000 });
    await expect(gateway.refund({ outTradeNo, outRefundNo: `${outTradeNo}R1`, refundFen: 3000, totalFen: 5000, notifyUrl })).resolves.toMatchObject({ refundId: started.refundId });
    await expect(gateway.refund({ outTradeNo, outRefundNo: `${outTradeNo}R2`, refundFen: 2001, totalFen: 5000, notifyUrl })).rejects.toMatchObject({ code: 'wechatpay.rejected', wechatCode: 'INVALID_REQUEST' });
    await expect(gateway.queryByOutTradeNo(outTradeNo)).resolves.toMatchObject({ tradeState: 'REFUND' });
    await expect(gateway.queryRefund('NO-SUCH-REFUND')).rejects.toMatchObject({ code: 'wechatpay.not_found', wechatCode: 'RESOURCE_NOT_EXISTS' });
  });

  it(`ends a refund ABNORMAL for an order whose description holds ${ABNORMAL_REFUND_WORD}`, async () => {
    const outTradeNo = newOutTradeNo();
    await prepay(outTradeNo, 800, `测试 ${ABNORMAL_REFUND_WORD}`);
    const paid = await payAndReceive(outTradeNo);
    await gateway.refund({ transactionId: paid.decrypted.transaction_id, outRefundNo: `${outTradeNo}R1`, refundFen: 800, totalFen: 800, notifyUrl });
    await sandbox.idle();
    const last = received.at(-1)!;
    expect(gateway.verifyNotification({ headers: last.headers, rawBody: last.body, now: new Date() })).toMatchObject({ kind: 'refund', eventType: 'REFUND.ABNORMAL', decrypted: { refund_status: 'ABNORMAL' } });
    await expect(gateway.queryRefund(`${outTradeNo}R1`)).resolves.toMatchObject({ status: 'ABNORMAL', successTime: undefined });
  });

  it('lists the day’s payments, refunds and an orphan payment in the trade bill, in exact fen', async () => {
    const a = newOutTradeNo();
    const b = newOutTradeNo();
    await prepay(a, 1);
    await prepay(b, 123_456);
    await sandbox.pay(a);
    await sandbox.pay(b);
    await gateway.refund({ outTradeNo: b, outRefundNo: `${b}R1`, refundFen: 56, totalFen: 123_456, notifyUrl });
    await sandbox.idle();
    const orphan = (await (await fetch(`${sandbox.url}/sandbox/orphan`, { method: 'POST', body: JSON.stringify({ amountFen: 2990 }) })).json()) as { outTradeNo: string; transactionId: string };
    const rows = await gateway.tradeBill(beijingDate(new Date()));
    const row = (outTradeNo: string, state: string) => rows.find((r) => r.outTradeNo === outTradeNo && r.tradeState === state);
    expect(row(a, 'SUCCESS')).toMatchObject({ amountFen: 1, refundFen: 0 });
    expect(row(b, 'SUCCESS')).toMatchObject({ amountFen: 123_456 });
    expect(row(b, 'REFUND')).toMatchObject({ refundFen: 56, outRefundNo: `${b}R1` });
    expect(row(orphan.outTradeNo, 'SUCCESS')).toMatchObject({ amountFen: 2990, transactionId: orphan.transactionId });
    expect(rows.every((r) => Number.isSafeInteger(r.amountFen) && r.successTime.endsWith('+08:00'))).toBe(true);
    await expect(gateway.tradeBill('2001-01-01')).rejects.toMatchObject({ code: 'wechatpay.no_statement', wechatCode: 'NO_STATEMENT_EXIST' });
  });

  it('retries a notification answered 5xx with the same id and fresh signatures, and stops after a bounded number of tries', async () => {
    const outTradeNo = newOutTradeNo();
    await prepay(outTradeNo);
    answers = [500, 503, 204];
    const report = await (await sandbox.pay(outTradeNo)).notification;
    expect(report).toMatchObject({ delivered: true });
    expect(report!.attempts.map((attempt) => attempt.status)).toEqual([500, 503, 204]);
    expect(new Set(received.map((r) => JSON.parse(r.body.toString()).id)).size).toBe(1);
    expect(new Set(received.map((r) => r.headers['wechatpay-nonce'])).size).toBe(3);
    const last = received.at(-1)!;
    expect(gateway.verifyNotification({ headers: last.headers, rawBody: last.body, now: new Date() }).kind).toBe('transaction');

    const unlucky = newOutTradeNo();
    await prepay(unlucky);
    answers = [500, 500, 500, 500, 500];
    const failed = await (await sandbox.pay(unlucky)).notification;
    expect(failed).toMatchObject({ delivered: false });
    expect(failed!.attempts).toHaveLength(4);
  });

  it('serves POST /sandbox/pay to the H5 build (CORS) and answers its preflight', async () => {
    const outTradeNo = newOutTradeNo();
    await prepay(outTradeNo);
    const preflight = await fetch(`${sandbox.url}/sandbox/pay/${outTradeNo}`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    const response = await fetch(`${sandbox.url}/sandbox/pay/${outTradeNo}`, { method: 'POST' });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toMatchObject({ outTradeNo, tradeState: 'SUCCESS' });
    await sandbox.idle();
    expect(received).toHaveLength(1);
  });
});

describe('the sandbox checks our signatures like WeChat', () => {
  const signed = (method: string, pathAndQuery: string, body: string, options: { timestamp?: number; key?: WechatPayWorld['merchant']['privateKey'] } = {}) => {
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const message = `${method}\n${pathAndQuery}\n${timestamp}\nn0nce\n${body}\n`;
    const signature = sign('sha256', Buffer.from(message), options.key ?? world.merchant.privateKey).toString('base64');
    const authorization = `WECHATPAY2-SHA256-RSA2048 mchid="${world.mchid}",nonce_str="n0nce",timestamp="${timestamp}",serial_no="${world.merchant.serial}",signature="${signature}"`;
    return fetch(`${sandbox.url}${pathAndQuery}`, { method, headers: { authorization, 'content-type': 'application/json' }, ...(body ? { body } : {}) });
  };

  it('answers 401 SIGN_ERROR to an unsigned call', async () => {
    const response = await fetch(`${sandbox.url}/v3/pay/transactions/out-trade-no/T1234567?mchid=${world.mchid}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'SIGN_ERROR' });
  });

  it('answers 401 to a call signed with another key, or 6 minutes ago, and 200 to a good one', async () => {
    const outTradeNo = newOutTradeNo();
    await prepay(outTradeNo);
    const query = `/v3/pay/transactions/out-trade-no/${outTradeNo}?mchid=${world.mchid}`;
    expect((await signed('GET', query, '')).status).toBe(200);
    expect((await signed('GET', query, '', { key: rsaKeyPair().privateKey })).status).toBe(401);
    expect((await signed('GET', query, '', { timestamp: Math.floor(Date.now() / 1000) - 360 })).status).toBe(401);
  });

  it('makes the adapter fail with the HTTP status when the merchant key is wrong', async () => {
    const impostor = { ...world, merchant: { ...world.merchant, ...rsaKeyPair() } };
    await expect(gatewayFor(sandbox, impostor).queryByOutTradeNo('T00000001')).rejects.toMatchObject({ code: 'wechatpay.rejected', httpStatus: 401, wechatCode: 'SIGN_ERROR' });
  });

  it('signs its answers: an adapter without the signing key refuses them', async () => {
    const certOnly = await startWechatPaySandbox({ port: 0, keyMode: 'platform_cert', merchant: { mchid: world.mchid, appid: world.appid, apiV3Key: world.apiV3Key, merchantPublicKey: world.merchant.publicKeyPem } });
    try {
      expect(certOnly.publicKeyPem).toBeUndefined();
      const outTradeNo = newOutTradeNo();
      const good = gatewayFor(certOnly, world);
      await good.prepayJsapi({ outTradeNo, description: 'x', amountFen: 1, openid: 'o1', notifyUrl, timeExpire: new Date(Date.now() + 60_000) });
      const wrongKeys = createWechatPayGateway({ ...world, merchantSerial: world.merchant.serial, merchantPrivateKeyPem: world.merchant.privateKeyPem, publicKeys: world.keys.publicKeys, apiBase: certOnly.url });
      await expect(wrongKeys.queryByOutTradeNo(outTradeNo)).rejects.toMatchObject({ code: 'wechatpay.bad_answer_signature' });
    } finally {
      await certOnly.stop();
    }
  });

  it('rejects a notification tampered in transit (the webhook side)', async () => {
    const outTradeNo = newOutTradeNo();
    await prepay(outTradeNo);
    await (await sandbox.pay(outTradeNo)).notification;
    const last = received.at(-1)!;
    const altered = Buffer.from(last.body.toString().replace('"id":"', '"id":"x'));
    expect(altered.equals(last.body)).toBe(false);
    expect(() => gateway.verifyNotification({ headers: last.headers, rawBody: altered, now: new Date() })).toThrow(NotificationRejected);
    expect(() => gateway.verifyNotification({ headers: last.headers, rawBody: last.body, now: new Date(Date.now() + 300_000) })).toThrow(/away from now/);
  });
});

describe('startLocalWechatPay', () => {
  it('keeps the keys in a folder and gives the API an environment its gateway can use', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wxpay-local-'));
    const local = await startLocalWechatPay({ port: 0, apiUrl: 'http://127.0.0.1:1', dir, keyMode: 'both' });
    try {
      const env = local.apiEnv;
      expect(env).toMatchObject({ WECHATPAY_MODE: 'sandbox', WECHATPAY_SANDBOX_URL: local.sandbox.url, WECHATPAY_NOTIFY_URL: 'http://127.0.0.1:1/v1/webhooks/wechatpay' });
      expect(statSync(env.WECHATPAY_MERCHANT_PRIVATE_KEY_FILE!).mode & 0o077).toBe(0);
      const fromEnv = createWechatPayGatewayFromConfig({
        mode: 'sandbox',
        sandboxUrl: env.WECHATPAY_SANDBOX_URL!,
        mchid: env.WECHATPAY_MCHID,
        appid: env.WECHAT_APPID,
        apiV3Key: env.WECHATPAY_APIV3_KEY,
        publicKeyId: env.WECHATPAY_PUBLIC_KEY_ID,
        publicKeyFile: env.WECHATPAY_PUBLIC_KEY_FILE,
        platformCertFiles: env.WECHATPAY_PLATFORM_CERT_FILES!.split(','),
        merchantPrivateKeyFile: env.WECHATPAY_MERCHANT_PRIVATE_KEY_FILE,
        merchantSerial: env.WECHATPAY_MERCHANT_SERIAL,
      });
      const outTradeNo = newOutTradeNo();
      await fromEnv.prepayJsapi({ outTradeNo, description: 'x', amountFen: 100, openid: 'o1', notifyUrl: env.WECHATPAY_NOTIFY_URL!, timeExpire: new Date(Date.now() + 60_000) });
      await expect(fromEnv.queryByOutTradeNo(outTradeNo)).resolves.toMatchObject({ tradeState: 'NOTPAY' });
      // A restart reuses the keys, so a running API keeps verifying.
      const before = local.sandbox.publicKeyPem;
      await local.sandbox.stop();
      const again = await startLocalWechatPay({ port: 0, apiUrl: 'http://127.0.0.1:1', dir, keyMode: 'both' });
      expect(again.sandbox.publicKeyPem).toBe(before);
      expect(again.apiEnv.WECHATPAY_MERCHANT_SERIAL).toBe(env.WECHATPAY_MERCHANT_SERIAL);
      await again.sandbox.stop();
    } finally {
      await local.sandbox.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
