import * as z from 'zod';
import { decryptResource } from './aead';
import { NotificationRejected } from './errors';
import type { WechatPayVerificationKeys } from './keys';
import { verifyWechatpaySignature, type HeaderBag } from './signature';

/** An amount in fen as WeChat writes it: a non-negative safe integer, never a fraction. */
export const Fen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const Rfc3339 = z.iso.datetime({ offset: true });

export const TradeState = z.enum(['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR']);
export type TradeState = z.infer<typeof TradeState>;

/** The decrypted resource of a payment notification (PROTOCOLS.md step 7); unknown fields are dropped. */
export const NotifiedTransaction = z.object({
  mchid: z.string().min(1),
  appid: z.string().min(1),
  out_trade_no: z.string().min(1),
  transaction_id: z.string().min(1),
  trade_type: z.string().optional(),
  trade_state: TradeState,
  trade_state_desc: z.string().optional(),
  bank_type: z.string().optional(),
  attach: z.string().optional(),
  success_time: Rfc3339,
  payer: z.object({ openid: z.string().min(1) }),
  amount: z.object({ total: Fen, payer_total: Fen, currency: z.string().min(1), payer_currency: z.string().optional() }),
});
export type NotifiedTransaction = z.infer<typeof NotifiedTransaction>;

export const RefundStatus = z.enum(['SUCCESS', 'CLOSED', 'ABNORMAL', 'PROCESSING']);
export type RefundStatus = z.infer<typeof RefundStatus>;

/** The decrypted resource of a refund notification. */
export const NotifiedRefund = z.object({
  mchid: z.string().min(1),
  out_trade_no: z.string().min(1),
  transaction_id: z.string().min(1),
  out_refund_no: z.string().min(1),
  refund_id: z.string().min(1),
  refund_status: RefundStatus.exclude(['PROCESSING']),
  success_time: Rfc3339.optional(),
  user_received_account: z.string().optional(),
  amount: z.object({ total: Fen, refund: Fen, payer_total: Fen, payer_refund: Fen }),
});
export type NotifiedRefund = z.infer<typeof NotifiedRefund>;

const Envelope = z.object({
  id: z.string().min(1),
  create_time: z.string(),
  event_type: z.string(),
  resource_type: z.literal('encrypt-resource'),
  summary: z.string().optional(),
  resource: z.object({
    algorithm: z.string(),
    original_type: z.string().optional(),
    ciphertext: z.string().min(1),
    associated_data: z.string().optional(),
    nonce: z.string().min(1),
  }),
});

export type RefundEventType = 'REFUND.SUCCESS' | 'REFUND.ABNORMAL' | 'REFUND.CLOSED';
const REFUND_EVENTS: ReadonlySet<string> = new Set<RefundEventType>(['REFUND.SUCCESS', 'REFUND.ABNORMAL', 'REFUND.CLOSED']);

interface NotificationBase {
  /** WeChat's notification id (the same on every retry of one notification). */
  readonly id: string;
  readonly createTime: string;
  readonly resourceType: 'encrypt-resource';
  readonly summary: string | undefined;
}

/** A notification that passed every check: signed by a configured key, fresh, decrypted and well-formed. */
export type VerifiedNotification =
  | (NotificationBase & { readonly kind: 'transaction'; readonly eventType: 'TRANSACTION.SUCCESS'; readonly decrypted: NotifiedTransaction })
  | (NotificationBase & { readonly kind: 'refund'; readonly eventType: RefundEventType; readonly decrypted: NotifiedRefund });

export interface NotificationInput {
  /** The request headers, in whatever case the gateway delivered them. */
  readonly headers: HeaderBag;
  /** The body exactly as received (decode API Gateway's base64 first). */
  readonly rawBody: string | Uint8Array;
  readonly now: Date;
}

/**
 * Verifies and decrypts a WeChat Pay notification, step by step as
 * PROTOCOLS.md says, by hand with node:crypto. Throws
 * {@link NotificationRejected} with a `reason` on the first failed step.
 * Whether mchid, appid and amount match the order is the caller's check
 * ({@link checkMerchant} does the first two).
 *
 * @example
 * try {
 *   const note = verifyNotification(keys, { headers: event.headers, rawBody, now: clock.now() });
 *   if (note.kind === 'transaction') await credit(note.decrypted);
 * } catch (error) {
 *   if (error instanceof NotificationRejected) return { statusCode: error.status, body: JSON.stringify(error.toWechatAnswer()) };
 *   throw error;
 * }
 */
export function verifyNotification(keys: WechatPayVerificationKeys, input: NotificationInput): VerifiedNotification {
  verifyWechatpaySignature(keys.publicKeys, { headers: input.headers, body: input.rawBody, now: input.now });
  const envelope = Envelope.safeParse(parseJson(typeof input.rawBody === 'string' ? input.rawBody : Buffer.from(input.rawBody).toString('utf8'), 'body'));
  if (!envelope.success) throw new NotificationRejected('malformed', `The notification body is not a WeChat Pay notification: ${firstIssue(envelope.error)}`);
  const { id, create_time: createTime, event_type: eventType, resource_type: resourceType, summary, resource } = envelope.data;
  const base = { id, createTime, resourceType, summary };
  if (eventType === 'TRANSACTION.SUCCESS') {
    return { ...base, kind: 'transaction', eventType, decrypted: decryptAs(NotifiedTransaction, keys.apiV3Key, resource) };
  }
  if (REFUND_EVENTS.has(eventType)) {
    return { ...base, kind: 'refund', eventType: eventType as RefundEventType, decrypted: decryptAs(NotifiedRefund, keys.apiV3Key, resource) };
  }
  throw new NotificationRejected('malformed', `Unsupported event type ${eventType.slice(0, 40)}`);
}

function decryptAs<T>(schema: z.ZodType<T>, apiV3Key: string, resource: z.infer<typeof Envelope>['resource']): T {
  const parsed = schema.safeParse(parseJson(decryptResource(apiV3Key, resource), 'decrypted resource'));
  if (!parsed.success) throw new NotificationRejected('malformed', `The decrypted resource is not as documented: ${firstIssue(parsed.error)}`);
  return parsed.data;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new NotificationRejected('malformed', `The ${what} is not JSON`, { cause });
  }
}

const firstIssue = (error: z.ZodError) => {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
};

/**
 * Does the decrypted resource belong to our merchant (and, for a payment, our
 * mini-program)? Refund resources carry no appid. The amount is checked
 * against the order by the service.
 */
export function checkMerchant(
  decrypted: NotifiedTransaction | NotifiedRefund,
  expected: { readonly mchid: string; readonly appid: string },
): { ok: true } | { ok: false; mismatch: 'mchid' | 'appid' } {
  if (decrypted.mchid !== expected.mchid) return { ok: false, mismatch: 'mchid' };
  if ('appid' in decrypted && decrypted.appid !== expected.appid) return { ok: false, mismatch: 'appid' };
  return { ok: true };
}
