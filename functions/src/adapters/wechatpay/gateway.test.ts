import { createHash, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatTradeBill } from './bill';
import { createWechatPayGateway } from './gateway';
import { signWechatpayMessage } from './signature';
import { makeWechatPayWorld, type WechatPayWorld } from './test-fixtures';
import type { PaymentGateway } from './types';

/** A bare HTTP server standing in for WeChat: records each call and answers from a script, signed with WeChat's key. */
let server: Server;
let base = '';
let world: WechatPayWorld;
let gateway: PaymentGateway;
const seen: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];
let reply: (call: (typeof seen)[number]) => { status: number; body?: string; type?: string; unsigned?: boolean; signer?: 'wechat' | 'stranger' } = () => ({ status: 204 });

beforeAll(async () => {
  world = makeWechatPayWorld();
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const call = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(call);
      const answer = reply(call);
      const text = answer.body ?? '';
      const signer = answer.signer === 'stranger' ? { privateKey: world.platform.privateKey, serial: 'PUB_KEY_ID_9999' } : world.wechat;
      const signature = answer.unsigned ? {} : signWechatpayMessage({ ...signer, body: text, now: new Date() });
      res.writeHead(answer.status, { 'content-type': answer.type ?? 'application/json', ...signature }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  gateway = createWechatPayGateway({
    mchid: world.mchid,
    appid: world.appid,
    apiV3Key: world.apiV3Key,
    merchantSerial: world.merchant.serial,
    merchantPrivateKeyPem: world.merchant.privateKeyPem,
    publicKeys: world.keys.publicKeys,
    apiBase: base,
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
});

/** Checks the Authorization header independently of the library: PROTOCOLS' message, the merchant key, our serial. */
function expectSignedByMerchant(call: (typeof seen)[number]) {
  const header = String(call.headers.authorization);
  expect(header.startsWith('WECHATPAY2-SHA256-RSA2048 ')).toBe(true);
  const fields = Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  expect(fields).toMatchObject({ mchid: world.mchid, serial_no: world.merchant.serial });
  const message = `${call.method}\n${call.url}\n${fields.timestamp}\n${fields.nonce_str}\n${call.body}\n`;
  expect(verify('sha256', Buffer.from(message), world.merchant.publicKey, Buffer.from(fields.signature!, 'base64'))).toBe(true);
}

const prepayRequest = { outTradeNo: 'R20261121160000ABCDEF', description: '电费充值 A-101', amountFen: 5000, openid: 'o-openid', notifyUrl: 'https://pay.example.com/v1/webhooks/wechatpay', timeExpire: new Date('2026-11-21T08:15:00Z'), attach: 'meter-1' };

describe('createWechatPayGateway (wechatpay-node-v3 underneath, pointed at a local server)', () => {
  it('posts a signed JSAPI prepay with the documented body and returns paySign-ed wx.requestPayment parameters', async () => {
    reply = () => ({ status: 200, body: JSON.stringify({ prepay_id: 'wx21160000123456789' }) });
    const { prepayId, payParams } = await gateway.prepayJsapi(prepayRequest);
    const call = seen[0]!;
    expect(call.method).toBe('POST');
    expect(call.url).toBe('/v3/pay/transactions/jsapi');
    expect(JSON.parse(call.body)).toEqual({
      appid: world.appid,
      mchid: world.mchid,
      description: '电费充值 A-101',
      out_trade_no: 'R20261121160000ABCDEF',
      time_expire: '2026-11-21T16:15:00+08:00',
      attach: 'meter-1',
      notify_url: 'https://pay.example.com/v1/webhooks/wechatpay',
      amount: { total: 5000, currency: 'CNY' },
      payer: { openid: 'o-openid' },
    });
    expectSignedByMerchant(call);
    expect(prepayId).toBe('wx21160000123456789');
    const message = `${world.appid}\n${payParams.timeStamp}\n${payParams.nonceStr}\nprepay_id=wx21160000123456789\n`;
    expect(verify('sha256', Buffer.from(message), world.merchant.publicKey, Buffer.from(payParams.paySign, 'base64'))).toBe(true);
  });

  it('signs GETs over path and query with an empty body line (query, refund query)', async () => {
    reply = () => ({ status: 200, body: JSON.stringify({ appid: world.appid, mchid: world.mchid, out_trade_no: 'R20261121160000ABCDEF', trade_state: 'NOTPAY', amount: { total: 5000 } }) });
    await expect(gateway.queryByOutTradeNo('R20261121160000ABCDEF')).resolves.toMatchObject({ tradeState: 'NOTPAY', amountFen: 5000, transactionId: undefined });
    expect(seen[0]!.url).toBe(`/v3/pay/transactions/out-trade-no/R20261121160000ABCDEF?mchid=${world.mchid}`);
    expectSignedByMerchant(seen[0]!);
  });

  it('closes with {mchid} and expects 204', async () => {
    reply = () => ({ status: 204 });
    await gateway.close('R20261121160000ABCDEF');
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/v3/pay/transactions/out-trade-no/R20261121160000ABCDEF/close', body: JSON.stringify({ mchid: world.mchid }) });
    expectSignedByMerchant(seen[0]!);
  });

  it('posts a refund by out_trade_no with amounts in fen and maps the answer', async () => {
    reply = () => ({ status: 200, body: JSON.stringify({ refund_id: '503001', out_refund_no: 'F1', transaction_id: '42001', out_trade_no: 'R20261121160000ABCDEF', status: 'PROCESSING', create_time: '2026-11-21T17:00:00+08:00', amount: { total: 5000, refund: 1200, payer_refund: 1200 } }) });
    await expect(gateway.refund({ outTradeNo: 'R20261121160000ABCDEF', outRefundNo: 'F1', reason: '退租', refundFen: 1200, totalFen: 5000, notifyUrl: prepayRequest.notifyUrl })).resolves.toMatchObject({ status: 'PROCESSING', refundId: '503001', refundFen: 1200, totalFen: 5000 });
    expect(JSON.parse(seen[0]!.body)).toEqual({ out_trade_no: 'R20261121160000ABCDEF', out_refund_no: 'F1', reason: '退租', notify_url: prepayRequest.notifyUrl, amount: { refund: 1200, total: 5000, currency: 'CNY' } });
    expectSignedByMerchant(seen[0]!);
  });

  it('applies for the trade bill, downloads it through the same signed path, checks its SHA-1 and parses it', async () => {
    const bill = formatTradeBill([{ successTime: '2026-11-20T10:00:00+08:00', appid: world.appid, mchid: world.mchid, transactionId: '42001', outTradeNo: 'R1', openid: 'o1', tradeState: 'SUCCESS', amountFen: 990, settlementFen: 990, refundFen: 0, refundId: undefined, outRefundNo: undefined, refundStatus: undefined, description: 'x', attach: undefined }]);
    let hash = createHash('sha1').update(bill).digest('hex');
    reply = (call) =>
      call.url.startsWith('/v3/bill/tradebill')
        ? { status: 200, body: JSON.stringify({ hash_type: 'SHA1', hash_value: hash, download_url: `${base}/v3/billdownload/file?token=t1` }) }
        : { status: 200, body: bill, type: 'application/octet-stream', unsigned: true };
    await expect(gateway.tradeBill('2026-11-20')).resolves.toEqual([expect.objectContaining({ outTradeNo: 'R1', amountFen: 990 })]);
    expect(seen.map((c) => c.url)).toEqual(['/v3/bill/tradebill?bill_date=2026-11-20&bill_type=ALL', '/v3/billdownload/file?token=t1']);
    seen.forEach(expectSignedByMerchant);
    hash = '0'.repeat(40);
    await expect(gateway.tradeBill('2026-11-20')).rejects.toMatchObject({ code: 'wechatpay.bad_bill' });
  });

  it('never sends a signed download to a host other than WeChat or the configured base', async () => {
    reply = () => ({ status: 200, body: JSON.stringify({ hash_type: 'SHA1', hash_value: '0'.repeat(40), download_url: 'https://evil.example.com/v3/billdownload/file?token=t' }) });
    await expect(gateway.tradeBill('2026-11-20')).rejects.toMatchObject({ code: 'wechatpay.bad_answer' });
    expect(seen).toHaveLength(1);
  });

  it('refuses answers that are unsigned or signed by an unknown key', async () => {
    reply = () => ({ status: 200, body: JSON.stringify({ prepay_id: 'wx1' }), unsigned: true });
    await expect(gateway.prepayJsapi(prepayRequest)).rejects.toMatchObject({ code: 'wechatpay.bad_answer_signature' });
    reply = () => ({ status: 200, body: JSON.stringify({ prepay_id: 'wx1' }), signer: 'stranger' });
    await expect(gateway.prepayJsapi(prepayRequest)).rejects.toMatchObject({ code: 'wechatpay.bad_answer_signature' });
  });

  it('maps WeChat error answers to typed errors with WeChat’s code', async () => {
    reply = () => ({ status: 404, body: JSON.stringify({ code: 'ORDER_NOT_EXIST', message: '订单不存在' }) });
    await expect(gateway.queryByOutTradeNo('R20261121160000ABCDEF')).rejects.toMatchObject({ name: 'WechatPayError', code: 'wechatpay.order_not_found', status: 404, wechatCode: 'ORDER_NOT_EXIST' });
    reply = () => ({ status: 500, body: JSON.stringify({ code: 'SYSTEM_ERROR', message: '系统错误' }) });
    await expect(gateway.close('R20261121160000ABCDEF')).rejects.toMatchObject({ code: 'wechatpay.unavailable', status: 503 });
    reply = () => ({ status: 502, body: '<html>bad gateway</html>', type: 'text/html' });
    await expect(gateway.close('R20261121160000ABCDEF')).rejects.toMatchObject({ code: 'wechatpay.unavailable', httpStatus: 502 });
    reply = () => ({ status: 200, body: JSON.stringify({ unexpected: true }) });
    await expect(gateway.queryByOutTradeNo('R20261121160000ABCDEF')).rejects.toMatchObject({ code: 'wechatpay.bad_answer' });
  });

  it('tells a signed error answer (WeChat’s word) from an unsigned or forged one (a proxy’s page)', async () => {
    const refund = () => gateway.refund({ outTradeNo: 'R20261121160000ABCDEF', outRefundNo: 'F1_0', refundFen: 100, totalFen: 100, notifyUrl: 'https://example.com/n' });
    const body = JSON.stringify({ code: 'INVALID_REQUEST', message: '参数错误' });
    reply = () => ({ status: 400, body });
    await expect(refund()).rejects.toMatchObject({ httpStatus: 400, wechatCode: 'INVALID_REQUEST', answerVerified: true });
    reply = () => ({ status: 400, body, unsigned: true });
    await expect(refund()).rejects.toMatchObject({ httpStatus: 400, wechatCode: 'INVALID_REQUEST', answerVerified: false });
    reply = () => ({ status: 400, body, signer: 'stranger' });
    await expect(refund()).rejects.toMatchObject({ answerVerified: false });
  });

  it('checks its input before anything is sent', async () => {
    const attempts = [
      gateway.prepayJsapi({ ...prepayRequest, outTradeNo: '../../v3/x' }),
      gateway.prepayJsapi({ ...prepayRequest, amountFen: 10.5 }),
      gateway.prepayJsapi({ ...prepayRequest, notifyUrl: 'https://pay.example.com/hook?x=1' }),
      gateway.refund({ outTradeNo: 'R20261121160000ABCDEF', outRefundNo: 'F1', refundFen: 5001, totalFen: 5000, notifyUrl: prepayRequest.notifyUrl }),
      gateway.queryRefund('bad refund no'),
      gateway.tradeBill('20261120'),
    ];
    for (const attempt of attempts) await expect(attempt).rejects.toMatchObject({ code: 'wechatpay.invalid_request', status: 400 });
    expect(seen).toHaveLength(0);
  });

  it('insists on an https notify_url when talking to WeChat itself', async () => {
    const live = createWechatPayGateway({ mchid: world.mchid, appid: world.appid, apiV3Key: world.apiV3Key, merchantSerial: world.merchant.serial, merchantPrivateKeyPem: world.merchant.privateKeyPem, publicKeys: world.keys.publicKeys });
    await expect(live.prepayJsapi({ ...prepayRequest, notifyUrl: 'http://pay.example.com/hook' })).rejects.toMatchObject({ code: 'wechatpay.invalid_request' });
  });

  it('reports an unreachable WeChat as wechatpay.unreachable', async () => {
    const offline = createWechatPayGateway({ mchid: world.mchid, appid: world.appid, apiV3Key: world.apiV3Key, merchantSerial: world.merchant.serial, merchantPrivateKeyPem: world.merchant.privateKeyPem, publicKeys: world.keys.publicKeys, apiBase: 'http://127.0.0.1:1', timeoutMs: 1000 });
    await expect(offline.queryByOutTradeNo('R20261121160000ABCDEF')).rejects.toMatchObject({ code: 'wechatpay.unreachable', status: 502 });
  });

  it('refuses an APIv3 key that is not 32 bytes at construction', () => {
    expect(() => createWechatPayGateway({ mchid: world.mchid, appid: world.appid, apiV3Key: 'short', merchantSerial: 'S', merchantPrivateKeyPem: world.merchant.privateKeyPem, publicKeys: world.keys.publicKeys })).toThrow(/32 bytes/);
  });
});
