/**
 * What the sandbox does besides answering: signs like WeChat Pay (alternating
 * keys in `both` mode), pays orders and posts the encrypted notifications,
 * settles refunds a moment after accepting them, and issues bill files.
 */
import { createHash, randomBytes } from 'node:crypto';
import { formatTradeBill, signNotification, signWechatpayMessage, type NotificationPayload } from '../../functions/src/adapters/wechatpay';
import { REFUND_FAULT_WORDS, SandboxApiError, SandboxBook, type RefundInput, type SandboxOrder, type SandboxRefund } from './book';
import { deliver, type DeliveryReport } from './delivery';
import type { SandboxKeys, SandboxSigner } from './keys';
import { refundResource, transactionResource } from './wire';

export interface SandboxMerchant {
  readonly mchid: string;
  readonly appid: string;
  /** 32 bytes of UTF-8: encrypts the notification resources. */
  readonly apiV3Key: string;
}

export interface CoreOptions {
  readonly merchant: SandboxMerchant;
  /** Every notification goes here instead of the order's notify_url (the local API's webhook). */
  readonly notifyUrlOverride: string | undefined;
  readonly retryDelaysMs: readonly number[];
  readonly notifyTimeoutMs: number;
  /** How long a refund stays PROCESSING before the bank answers. */
  readonly refundDelayMs: number;
  readonly now: () => Date;
  readonly log: (line: string) => void;
}

export class SandboxCore {
  readonly book: SandboxBook;
  readonly deliveries: DeliveryReport[] = [];
  private readonly pending = new Set<Promise<unknown>>();
  private readonly stopping = new AbortController();
  private readonly bills = new Map<string, string>();
  private turn = 0;

  constructor(
    readonly options: CoreOptions,
    readonly keys: SandboxKeys,
    private readonly baseUrl: () => string,
  ) {
    this.book = new SandboxBook(options.now);
  }

  /** The key for the next signature: the only one, or each in turn in `both` mode. */
  private nextSigner(): SandboxSigner {
    const signer = this.keys.signers[this.turn % this.keys.signers.length]!;
    this.turn += 1;
    return signer;
  }

  /** `Wechatpay-*` headers for an answer body. */
  signAnswer(body: string): Record<string, string> {
    return signWechatpayMessage({ ...this.nextSigner(), body, now: this.options.now() });
  }

  /** Marks the order paid and posts TRANSACTION.SUCCESS (once: paying a paid order again posts nothing). */
  pay(outTradeNo: string): { order: SandboxOrder; notification: Promise<DeliveryReport | undefined> } {
    const { order, fresh } = this.book.pay(outTradeNo);
    const notification = fresh ? this.notify(order, undefined, { eventType: 'TRANSACTION.SUCCESS', resource: transactionResource(order) }) : Promise.resolve(undefined);
    return { order, notification };
  }

  orphan(input: { totalFen: number; openid?: string; description?: string; outTradeNo?: string; notifyUrl?: string }): SandboxOrder {
    const { mchid, appid } = this.options.merchant;
    const order = this.book.orphan({ mchid, appid, openid: input.openid ?? 'o-sandbox-orphan', description: input.description ?? '未知来源的支付', totalFen: input.totalFen, outTradeNo: input.outTradeNo, notifyUrl: input.notifyUrl });
    if (input.notifyUrl) void this.notify(order, undefined, { eventType: 'TRANSACTION.SUCCESS', resource: transactionResource(order) });
    return order;
  }

  /** Accepts a refund (PROCESSING) and, after `refundDelayMs`, settles it and posts REFUND.SUCCESS or REFUND.ABNORMAL. */
  refund(input: RefundInput): { order: SandboxOrder; refund: SandboxRefund } {
    const { order, refund, fresh } = this.book.refund(input);
    if (fresh) {
      const settled = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.refundDelayMs);
        this.stopping.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      }).then(() => {
        if (this.stopping.signal.aborted) return;
        this.book.settleRefund(order, refund);
        if (order.description.includes(REFUND_FAULT_WORDS.noNotify)) return undefined;
        const eventType = refund.status === 'SUCCESS' ? 'REFUND.SUCCESS' : 'REFUND.ABNORMAL';
        return this.notify(order, refund, { eventType, resource: refundResource(order, refund) });
      });
      this.track(settled);
    }
    return { order, refund };
  }

  /** `GET /v3/bill/tradebill`: the bill is cut now and served by token, with its SHA-1. */
  issueBill(date: string): { hash_type: 'SHA1'; hash_value: string; download_url: string } {
    const rows = this.book.billRows(date);
    if (rows.length === 0) throw new SandboxApiError(400, 'NO_STATEMENT_EXIST', '账单文件不存在');
    const text = formatTradeBill(rows);
    const token = randomBytes(12).toString('hex');
    this.bills.set(token, text);
    return { hash_type: 'SHA1', hash_value: createHash('sha1').update(text, 'utf8').digest('hex'), download_url: `${this.baseUrl()}/v3/billdownload/file?token=${token}` };
  }

  billFile(token: string): string {
    const text = this.bills.get(token);
    if (text === undefined) throw new SandboxApiError(404, 'RESOURCE_NOT_EXISTS', '账单下载链接无效');
    return text;
  }

  private notify(order: SandboxOrder, refund: SandboxRefund | undefined, payload: NotificationPayload): Promise<DeliveryReport | undefined> {
    const url = this.options.notifyUrlOverride ?? refund?.notifyUrl ?? order.notifyUrl;
    if (!url) return Promise.resolve(undefined);
    const { apiV3Key } = this.options.merchant;
    const { body } = signNotification({ ...payload, ...this.nextSigner(), apiV3Key, now: this.options.now() });
    const report: DeliveryReport = { notificationId: JSON.parse(body).id, eventType: payload.eventType, outTradeNo: order.outTradeNo, outRefundNo: refund?.outRefundNo, url, attempts: [], delivered: false };
    this.deliveries.push(report);
    const headersFor = () => ({ 'Content-Type': 'application/json', ...signWechatpayMessage({ ...this.nextSigner(), body, now: this.options.now() }) });
    const delivery = deliver(report, body, headersFor, {
      retryDelaysMs: this.options.retryDelaysMs,
      timeoutMs: this.options.notifyTimeoutMs,
      signal: this.stopping.signal,
      now: this.options.now,
    }).then((done) => {
      this.options.log(`${done.eventType} ${done.outTradeNo} → ${done.url}: ${done.delivered ? 'delivered' : 'NOT delivered'} after ${done.attempts.length} attempt(s)`);
      return done;
    });
    this.track(delivery);
    return delivery;
  }

  private track(work: Promise<unknown>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  /** Resolves once no notification or refund settlement is in flight. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Cancels waiting retries and unsettled refunds. */
  stop(): void {
    this.stopping.abort();
  }
}
