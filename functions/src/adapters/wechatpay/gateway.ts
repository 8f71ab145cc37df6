import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import Pay from 'wechatpay-node-v3';
import { apiV3KeyBytes } from './aead';
import { formatBeijingTime } from '../../platform/beijing-time';
import { parseTradeBill } from './bill';
import { WechatPayError } from './errors';
import { badAnswer, BillAnswer, expectStatus, PayParamsAnswer, QueryAnswer, RefundAnswer } from './answers';
import { verifyNotification } from './notification';
import { verifyWechatpaySignature } from './signature';
import { createTransport, WECHATPAY_API_HOST, type TransportAnswer } from './transport';
import type { PaymentGateway, PrepayRequest, RefundRequest, RefundResult, TransactionStatus } from './types';

export interface WechatPayGatewayOptions {
  readonly mchid: string;
  readonly appid: string;
  readonly apiV3Key: string;
  /** The serial of the merchant API certificate (`WECHATPAY_MERCHANT_SERIAL`). */
  readonly merchantSerial: string;
  /** The merchant API private key (apiclient_key.pem): signs every call and every paySign. */
  readonly merchantPrivateKeyPem: string;
  /** WeChat Pay's keys by serial (see `loadVerificationKeys`): notifications and answers are checked with them. */
  readonly publicKeys: ReadonlyMap<string, KeyObject>;
  /** Where calls go: WeChat's host (default) or the local sandbox's URL. */
  readonly apiBase?: string;
  /** Live WeChat only delivers to https; the local sandbox posts to http://127.0.0.1. */
  readonly requireHttpsNotifyUrl?: boolean;
  readonly now?: () => Date;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
const OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;
const BILL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The {@link PaymentGateway} on wechatpay-node-v3 2.2.1: its
 * `transactions_jsapi`, `query`, `close`, `refunds`, `find_refunds`,
 * `tradebill` and `downloadBill` build and sign every call; our transport
 * (its `createHttp` hook) points them at `apiBase` and checks WeChat's answer
 * signatures; notifications are verified by our own code, never the library's.
 */
export function createWechatPayGateway(options: WechatPayGatewayOptions): PaymentGateway {
  apiV3KeyBytes(options.apiV3Key); // a wrong-sized key fails at start-up, not at the first payment
  const now = options.now ?? (() => new Date());
  const keys = { apiV3Key: options.apiV3Key, mchid: options.mchid, appid: options.appid, publicKeys: options.publicKeys };
  const apiBase = options.apiBase ?? WECHATPAY_API_HOST;
  const pay = new Pay({
    appid: options.appid,
    mchid: options.mchid,
    serial_no: options.merchantSerial,
    // The library insists on a "public key" but only reads it to find the serial, which we give.
    publicKey: Buffer.from(createPublicKey(options.merchantPrivateKeyPem).export({ type: 'spki', format: 'pem' })),
    privateKey: Buffer.from(options.merchantPrivateKeyPem),
    userAgent: 'prepaid-meters (wechatpay-node-v3/2.2.1)',
  });
  pay.createHttp(
    createTransport({
      apiBase,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      verifyAnswer: (headers, body) => verifyWechatpaySignature(options.publicKeys, { headers, body, now: now() }),
    }),
  );
  const calls = { pay, apiBase, requireHttps: options.requireHttpsNotifyUrl ?? apiBase === WECHATPAY_API_HOST };
  return {
    merchant: { mchid: options.mchid, appid: options.appid },
    prepayJsapi: (request) => prepayJsapi(calls, request),
    queryByOutTradeNo: (outTradeNo) => queryByOutTradeNo(calls, outTradeNo),
    close: (outTradeNo) => close(calls, outTradeNo),
    refund: (request) => refund(calls, request),
    queryRefund: (outRefundNo) => queryRefund(calls, outRefundNo),
    tradeBill: (date) => tradeBill(calls, date),
    verifyNotification: (input) => verifyNotification(keys, input),
  };
}

interface Calls {
  readonly pay: Pay;
  readonly apiBase: string;
  readonly requireHttps: boolean;
}

const invalid = (message: string) => new WechatPayError('wechatpay.invalid_request', 400, message);

function checkOutTradeNo(outTradeNo: string): void {
  if (!OUT_TRADE_NO.test(outTradeNo)) throw invalid('outTradeNo must be 6–32 of [0-9A-Za-z_-|*]');
}

async function prepayJsapi({ pay, requireHttps }: Calls, request: PrepayRequest) {
  checkOutTradeNo(request.outTradeNo);
  if (!Number.isSafeInteger(request.amountFen) || request.amountFen <= 0) throw invalid('amountFen must be a positive integer');
  if (request.description.length === 0 || request.description.length > 127) throw invalid('description must be 1–127 characters');
  if (request.attach !== undefined && request.attach.length > 128) throw invalid('attach must be at most 128 characters');
  if (!request.openid) throw invalid('openid is required');
  checkNotifyUrl(request.notifyUrl, requireHttps);
  const answer = (await pay.transactions_jsapi({
    description: request.description,
    out_trade_no: request.outTradeNo,
    time_expire: formatBeijingTime(request.timeExpire),
    attach: request.attach,
    notify_url: request.notifyUrl,
    amount: { total: request.amountFen, currency: 'CNY' },
    payer: { openid: request.openid },
  })) as TransportAnswer;
  const params = PayParamsAnswer.safeParse(expectStatus(answer, 200, 'prepay'));
  if (!params.success) throw badAnswer('prepay', params.error);
  return { prepayId: params.data.package.slice('prepay_id='.length), payParams: params.data };
}

async function queryByOutTradeNo({ pay }: Calls, outTradeNo: string): Promise<TransactionStatus> {
  checkOutTradeNo(outTradeNo);
  const parsed = QueryAnswer.safeParse(expectStatus((await pay.query({ out_trade_no: outTradeNo })) as TransportAnswer, 200, 'query'));
  if (!parsed.success) throw badAnswer('query', parsed.error);
  const order = parsed.data;
  return {
    tradeState: order.trade_state,
    tradeStateDesc: order.trade_state_desc,
    outTradeNo: order.out_trade_no,
    transactionId: order.transaction_id || undefined,
    amountFen: order.amount?.total,
    payerTotalFen: order.amount?.payer_total,
    successTime: order.success_time || undefined,
    payerOpenid: order.payer?.openid || undefined,
    attach: order.attach || undefined,
    mchid: order.mchid,
    appid: order.appid,
  };
}

async function close({ pay }: Calls, outTradeNo: string): Promise<void> {
  checkOutTradeNo(outTradeNo);
  expectStatus((await pay.close(outTradeNo)) as TransportAnswer, 204, 'close');
}

async function refund({ pay, requireHttps }: Calls, request: RefundRequest): Promise<RefundResult> {
  if (!OUT_REFUND_NO.test(request.outRefundNo)) throw invalid('outRefundNo must be 1–64 of [0-9A-Za-z_-|*@]');
  if (!Number.isSafeInteger(request.totalFen) || request.totalFen <= 0) throw invalid('totalFen must be a positive integer');
  if (!Number.isSafeInteger(request.refundFen) || request.refundFen <= 0 || request.refundFen > request.totalFen) {
    throw invalid('refundFen must be a positive integer no larger than totalFen');
  }
  checkNotifyUrl(request.notifyUrl, requireHttps);
  const common = {
    out_refund_no: request.outRefundNo,
    reason: request.reason,
    notify_url: request.notifyUrl,
    amount: { refund: request.refundFen, total: request.totalFen, currency: 'CNY' },
  };
  let answer: unknown;
  if (request.transactionId !== undefined) answer = await pay.refunds({ transaction_id: request.transactionId, ...common });
  else if (request.outTradeNo !== undefined && OUT_TRADE_NO.test(request.outTradeNo)) answer = await pay.refunds({ out_trade_no: request.outTradeNo, ...common });
  else throw invalid('A refund needs a transactionId or a valid outTradeNo');
  return toRefundResult(answer as TransportAnswer, 200, 'refund');
}

async function queryRefund({ pay }: Calls, outRefundNo: string): Promise<RefundResult> {
  if (!OUT_REFUND_NO.test(outRefundNo)) throw invalid('outRefundNo must be 1–64 of [0-9A-Za-z_-|*@]');
  return toRefundResult((await pay.find_refunds(outRefundNo)) as TransportAnswer, 200, 'refund query');
}

async function tradeBill({ pay, apiBase }: Calls, date: string) {
  if (!BILL_DATE.test(date)) throw invalid('The bill date must be YYYY-MM-DD');
  const applied = BillAnswer.safeParse(expectStatus((await pay.tradebill({ bill_date: date, bill_type: 'ALL' })) as TransportAnswer, 200, 'trade bill'));
  if (!applied.success) throw badAnswer('trade bill', applied.error);
  const file = expectStatus((await pay.downloadBill(canonicalDownloadUrl(applied.data.download_url, apiBase))) as TransportAnswer, 200, 'bill download');
  const bytes = Buffer.isBuffer(file) ? file : Buffer.from(typeof file === 'string' ? file : JSON.stringify(file ?? ''));
  const digest = createHash(applied.data.hash_type.toLowerCase()).update(bytes).digest('hex');
  if (digest !== applied.data.hash_value.toLowerCase()) throw new WechatPayError('wechatpay.bad_bill', 502, 'The downloaded bill does not match its hash');
  return parseTradeBill(bytes.toString('utf8'));
}

/**
 * The library signs `download_url` with WeChat's host stripped, so it must see
 * that host; our transport then sends the call to `apiBase`. A download URL
 * on any other host is refused: a signed request never leaves WeChat (or the sandbox).
 */
function canonicalDownloadUrl(downloadUrl: string, apiBase: string): string {
  const url = new URL(downloadUrl);
  if (url.origin !== new URL(apiBase).origin && url.origin !== WECHATPAY_API_HOST) {
    throw new WechatPayError('wechatpay.bad_answer', 502, `The bill download URL is on an unexpected host (${url.host})`);
  }
  return `${WECHATPAY_API_HOST}${url.pathname}${url.search}`;
}

function checkNotifyUrl(notifyUrl: string, requireHttps: boolean): void {
  let url: URL;
  try {
    url = new URL(notifyUrl);
  } catch {
    throw invalid('notifyUrl is not a URL');
  }
  if ((requireHttps ? url.protocol !== 'https:' : !/^https?:$/.test(url.protocol)) || url.search !== '') {
    throw invalid(`notifyUrl must be ${requireHttps ? 'https' : 'http(s)'} without a query string`);
  }
}

function toRefundResult(answer: TransportAnswer, status: number, what: string): RefundResult {
  const parsed = RefundAnswer.safeParse(expectStatus(answer, status, what));
  if (!parsed.success) throw badAnswer(what, parsed.error);
  const refund = parsed.data;
  return {
    status: refund.status,
    refundId: refund.refund_id,
    outRefundNo: refund.out_refund_no,
    outTradeNo: refund.out_trade_no,
    transactionId: refund.transaction_id,
    refundFen: refund.amount.refund,
    totalFen: refund.amount.total,
    payerRefundFen: refund.amount.payer_refund,
    successTime: refund.success_time || undefined,
    createTime: refund.create_time || undefined,
    userReceivedAccount: refund.user_received_account || undefined,
  };
}
