/**
 * What WeChat Pay answers, checked: the shapes the gateway reads (zod), and
 * its error answers turned into typed errors with stable codes.
 */
import * as z from 'zod';
import { WechatPayError } from './errors';
import { Fen, RefundStatus, TradeState } from './notification';
import type { TransportAnswer } from './transport';

/** WeChat's own codes that callers handle: mapped to stable codes of ours. */
const KNOWN_FAILURES: Record<string, [code: string, status: number]> = {
  ORDER_NOT_EXIST: ['wechatpay.order_not_found', 404],
  // A refund (or, when applying for one, its order) WeChat does not know.
  RESOURCE_NOT_EXISTS: ['wechatpay.not_found', 404],
  NO_STATEMENT_EXIST: ['wechatpay.no_statement', 404],
  STATEMENT_CREATING: ['wechatpay.statement_not_ready', 503],
  ORDERPAID: ['wechatpay.order_paid', 409],
  ORDER_CLOSED: ['wechatpay.order_closed', 409],
  NOT_ENOUGH: ['wechatpay.insufficient_funds', 503],
  FREQUENCY_LIMITED: ['wechatpay.rate_limited', 503],
  SYSTEM_ERROR: ['wechatpay.unavailable', 503],
};

/** The answer's data when its status is the expected one, else a typed error naming WeChat's code. */
export function expectStatus(answer: TransportAnswer, expected: number, what: string): unknown {
  if (answer.status === expected) return answer.data;
  let wechat: { code?: unknown; message?: unknown } = {};
  try {
    wechat = answer.error ? (JSON.parse(answer.error) as typeof wechat) : {};
  } catch {
    // Not WeChat's JSON (a proxy's page, say): the status alone tells the story.
  }
  const wechatCode = typeof wechat.code === 'string' ? wechat.code : undefined;
  const message = `WeChat Pay ${what} answered ${answer.status}${wechatCode ? ` ${wechatCode}` : ''}${typeof wechat.message === 'string' ? `: ${wechat.message.slice(0, 200)}` : ''}`;
  const [code, status] = (wechatCode && KNOWN_FAILURES[wechatCode]) || (answer.status >= 500 ? ['wechatpay.unavailable', 503] : ['wechatpay.rejected', 502]);
  throw new WechatPayError(code, status, message, { wechatCode, httpStatus: answer.status, answerVerified: answer.verified === true });
}

export const badAnswer = (what: string, error: z.ZodError) =>
  new WechatPayError('wechatpay.bad_answer', 502, `WeChat Pay ${what} answered an unexpected shape: ${error.issues[0]?.path.join('.')} ${error.issues[0]?.message}`, { cause: error });

export const PayParamsAnswer = z.object({
  appId: z.string().min(1),
  timeStamp: z.string().regex(/^\d+$/),
  nonceStr: z.string().min(1),
  package: z.string().regex(/^prepay_id=.+/),
  signType: z.literal('RSA'),
  paySign: z.string().min(1),
});

export const QueryAnswer = z.object({
  appid: z.string(),
  mchid: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  trade_state: TradeState,
  trade_state_desc: z.string().optional(),
  success_time: z.string().optional(),
  attach: z.string().optional(),
  payer: z.object({ openid: z.string().optional() }).optional(),
  amount: z.object({ total: Fen.optional(), payer_total: Fen.optional() }).optional(),
});

export const RefundAnswer = z.object({
  refund_id: z.string().min(1),
  out_refund_no: z.string().min(1),
  transaction_id: z.string(),
  out_trade_no: z.string(),
  status: RefundStatus,
  success_time: z.string().optional(),
  create_time: z.string().optional(),
  user_received_account: z.string().optional(),
  amount: z.object({ total: Fen, refund: Fen, payer_refund: Fen.optional() }),
});

export const BillAnswer = z.object({
  hash_type: z.enum(['SHA1']),
  hash_value: z.string().regex(/^[0-9a-fA-F]{40}$/),
  download_url: z.string().url(),
});
