/**
 * The sandbox's HTTP face: the v3 calls the platform makes (each checked for
 * a valid merchant `Authorization`, each answer signed), and the local-only
 * `/sandbox/*` switches (no auth, CORS open for the H5 build).
 */
import { verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import * as z from 'zod';
import { REFUND_FAULT_WORDS, SandboxApiError } from './book';
import type { SandboxCore } from './core';
import { refundJson, transactionJson } from './wire';

export interface AuthOptions {
  readonly mchid: string;
  readonly merchantPublicKey: KeyObject;
  /** When given, the `serial_no` of every call must be this. */
  readonly merchantSerial: string | undefined;
  readonly now: () => Date;
}

interface Answer {
  readonly status: number;
  readonly body?: unknown;
  readonly text?: string;
  /** Sign the answer over other bytes, as a tampering proxy would (a fault for tests). */
  readonly badSignature?: boolean;
}

const MAX_BODY_BYTES = 64 * 1024;
const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;

const PrepayBody = z.object({
  appid: z.string().min(1),
  mchid: z.string().min(1),
  description: z.string().min(1).max(127),
  out_trade_no: z.string().regex(OUT_TRADE_NO),
  time_expire: z.iso.datetime({ offset: true }).optional(),
  attach: z.string().max(128).optional(),
  notify_url: z.string().url(),
  amount: z.object({ total: z.number().int().positive(), currency: z.literal('CNY').optional() }),
  payer: z.object({ openid: z.string().min(1) }),
});

const RefundBody = z
  .object({
    transaction_id: z.string().min(1).optional(),
    out_trade_no: z.string().regex(OUT_TRADE_NO).optional(),
    out_refund_no: z.string().regex(/^[0-9A-Za-z_\-|*@]{1,64}$/),
    reason: z.string().max(80).optional(),
    notify_url: z.string().url().optional(),
    amount: z.object({ refund: z.number().int().positive(), total: z.number().int().positive(), currency: z.literal('CNY') }),
  })
  .refine((body) => body.transaction_id || body.out_trade_no, 'transaction_id or out_trade_no is required');

const OrphanBody = z.object({
  amountFen: z.number().int().positive(),
  openid: z.string().min(1).optional(),
  description: z.string().min(1).max(127).optional(),
  outTradeNo: z.string().regex(OUT_TRADE_NO).optional(),
  notifyUrl: z.string().url().optional(),
});

export function createSandboxServer(core: SandboxCore, auth: AuthOptions): Server {
  return createServer((req, res) => {
    handle(core, auth, req)
      .then((answer) => send(core, req, res, answer))
      .catch((error: unknown) => {
        if (error instanceof SandboxApiError) return send(core, req, res, { status: error.status, body: { code: error.code, message: error.message } });
        if (error instanceof z.ZodError) return send(core, req, res, { status: 400, body: { code: 'PARAM_ERROR', message: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } });
        core.options.log(`${req.method} ${req.url} failed: ${(error as Error).stack ?? String(error)}`);
        return send(core, req, res, { status: 500, body: { code: 'SYSTEM_ERROR', message: '系统错误' } });
      });
  });
}

async function handle(core: SandboxCore, auth: AuthOptions, req: IncomingMessage): Promise<Answer> {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const body = await readBody(req);
  if (url.pathname.startsWith('/sandbox/') || url.pathname === '/sandbox') return sandboxRoute(core, req.method ?? 'GET', url, body);
  if (!url.pathname.startsWith('/v3/')) throw new SandboxApiError(404, 'NOT_FOUND', `No route ${req.method} ${url.pathname}`);
  checkAuthorization(auth, req.method ?? 'GET', req.url ?? '/', req.headers.authorization, body);
  return v3Route(core, req.method ?? 'GET', url, body);
}

function v3Route(core: SandboxCore, method: string, url: URL, body: string): Answer {
  const { mchid, appid } = core.options.merchant;
  const path = url.pathname;
  let match: RegExpExecArray | null;
  if (method === 'POST' && path === '/v3/pay/transactions/jsapi') {
    const input = PrepayBody.parse(json(body));
    if (input.mchid !== mchid || input.appid !== appid) throw new SandboxApiError(400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配');
    const order = core.book.prepay({ appid: input.appid, mchid: input.mchid, description: input.description, outTradeNo: input.out_trade_no, timeExpire: input.time_expire, attach: input.attach, notifyUrl: input.notify_url, totalFen: input.amount.total, openid: input.payer.openid });
    return { status: 200, body: { prepay_id: order.prepayId } };
  }
  if (method === 'GET' && (match = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(path))) {
    if (url.searchParams.get('mchid') !== mchid) throw new SandboxApiError(400, 'PARAM_ERROR', 'mchid 不正确');
    return { status: 200, body: transactionJson(core.book.get(decodeURIComponent(match[1]!))) };
  }
  if (method === 'POST' && (match = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(path))) {
    if ((json(body) as { mchid?: unknown }).mchid !== mchid) throw new SandboxApiError(400, 'PARAM_ERROR', 'mchid 不正确');
    core.book.close(decodeURIComponent(match[1]!));
    return { status: 204 };
  }
  if (method === 'POST' && path === '/v3/refund/domestic/refunds') {
    const input = RefundBody.parse(json(body));
    const { order, refund } = core.refund({ outTradeNo: input.out_trade_no, transactionId: input.transaction_id, outRefundNo: input.out_refund_no, reason: input.reason, notifyUrl: input.notify_url, refundFen: input.amount.refund, totalFen: input.amount.total });
    // Accepted either way: only the answer goes wrong.
    if (order.description.includes(REFUND_FAULT_WORDS.answerLost)) throw new SandboxApiError(500, 'SYSTEM_ERROR', '系统繁忙，请稍后重试');
    return { status: 200, body: refundJson(order, refund), badSignature: order.description.includes(REFUND_FAULT_WORDS.badSignature) };
  }
  if (method === 'GET' && (match = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(path))) {
    const found = core.book.findRefund(decodeURIComponent(match[1]!));
    if (!found) throw new SandboxApiError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    return { status: 200, body: refundJson(found.order, found.refund) };
  }
  if (method === 'GET' && path === '/v3/bill/tradebill') {
    const date = url.searchParams.get('bill_date') ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new SandboxApiError(400, 'PARAM_ERROR', 'bill_date 格式不正确');
    if ((url.searchParams.get('bill_type') ?? 'ALL') !== 'ALL') throw new SandboxApiError(400, 'PARAM_ERROR', 'The sandbox serves bill_type=ALL only');
    return { status: 200, body: core.issueBill(date) };
  }
  if (method === 'GET' && path === '/v3/billdownload/file') return { status: 200, text: core.billFile(url.searchParams.get('token') ?? '') };
  throw new SandboxApiError(404, 'NOT_FOUND', `The sandbox does not serve ${method} ${path}`);
}

async function sandboxRoute(core: SandboxCore, method: string, url: URL, body: string): Promise<Answer> {
  if (method === 'OPTIONS') return { status: 204 };
  const pay = /^\/sandbox\/pay\/([^/]+)$/.exec(url.pathname);
  if (method === 'POST' && pay) {
    const { order } = core.pay(decodeURIComponent(pay[1]!));
    return { status: 200, body: { outTradeNo: order.outTradeNo, transactionId: order.transactionId, tradeState: order.state } };
  }
  if (method === 'POST' && url.pathname === '/sandbox/orphan') {
    const input = OrphanBody.parse(json(body));
    const order = core.orphan({ totalFen: input.amountFen, openid: input.openid, description: input.description, outTradeNo: input.outTradeNo, notifyUrl: input.notifyUrl });
    return { status: 201, body: { outTradeNo: order.outTradeNo, transactionId: order.transactionId, amountFen: order.totalFen, successTime: order.successTime } };
  }
  if (method === 'GET' && url.pathname === '/sandbox/orders') return { status: 200, body: { items: core.book.list(), deliveries: core.deliveries } };
  throw new SandboxApiError(404, 'NOT_FOUND', `No route ${method} ${url.pathname}`);
}

/**
 * `Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",timestamp="…",serial_no="…",signature="…"`,
 * the signature being RSA-SHA256 by the merchant key over
 * `METHOD\nPATH?QUERY\ntimestamp\nnonce\nbody\n`. Anything wrong is WeChat's 401 SIGN_ERROR.
 */
export function checkAuthorization(auth: AuthOptions, method: string, pathAndQuery: string, header: string | undefined, body: string): void {
  const fail = (why: string) => new SandboxApiError(401, 'SIGN_ERROR', `签名错误: ${why}`);
  const scheme = 'WECHATPAY2-SHA256-RSA2048 ';
  if (!header?.startsWith(scheme)) throw fail('Authorization is missing or not WECHATPAY2-SHA256-RSA2048');
  const fields = Object.fromEntries([...header.slice(scheme.length).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  const { mchid, nonce_str: nonce, timestamp, serial_no: serial, signature } = fields;
  if (!mchid || !nonce || !timestamp || !serial || !signature) throw fail('a field of Authorization is missing');
  if (mchid !== auth.mchid) throw fail('mchid does not match');
  if (auth.merchantSerial && serial !== auth.merchantSerial) throw fail('serial_no is not the merchant certificate');
  if (!/^\d+$/.test(timestamp) || Math.abs(Math.floor(auth.now().getTime() / 1000) - Number(timestamp)) >= 300) throw fail('timestamp is out of the 5-minute window');
  const message = `${method}\n${pathAndQuery}\n${timestamp}\n${nonce}\n${body}\n`;
  if (!verify('sha256', Buffer.from(message, 'utf8'), auth.merchantPublicKey, Buffer.from(signature, 'base64'))) throw fail('the signature does not verify');
}

function json(body: string): unknown {
  try {
    return JSON.parse(body || '{}') as unknown;
  } catch {
    throw new SandboxApiError(400, 'PARAM_ERROR', '请求体不是 JSON');
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new SandboxApiError(413, 'PARAM_ERROR', 'The body is over 64 KiB');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Writes the answer; every /v3 answer but the bill file is signed like WeChat's. */
function send(core: SandboxCore, req: IncomingMessage, res: ServerResponse, answer: Answer): void {
  const text = answer.text ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
  const path = (req.url ?? '/').split('?')[0]!;
  const headers: Record<string, string> = { 'Request-ID': `sandbox-${Date.now().toString(36)}` };
  if (answer.text !== undefined) headers['Content-Type'] = 'text/plain; charset=utf-8';
  else if (answer.body !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
  if (path.startsWith('/sandbox')) Object.assign(headers, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET, POST, OPTIONS', 'Access-Control-Allow-Headers': 'content-type' });
  else if (!path.startsWith('/v3/billdownload/')) Object.assign(headers, core.signAnswer(answer.badSignature ? `${text} ` : text));
  res.writeHead(answer.status, headers).end(text);
}
