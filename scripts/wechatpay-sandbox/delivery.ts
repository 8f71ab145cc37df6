/**
 * Posting notifications the way WeChat Pay does: the same body (same `id`)
 * on every attempt, freshly signed headers each time, a bounded wait per
 * attempt, and a retry after any answer but 2xx — with short, bounded delays
 * instead of WeChat's 15 s … 24 h.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface DeliveryAttempt {
  readonly at: string;
  readonly status?: number;
  readonly error?: string;
}

export interface DeliveryReport {
  readonly notificationId: string;
  readonly eventType: string;
  readonly outTradeNo: string;
  readonly outRefundNo?: string;
  readonly url: string;
  readonly attempts: DeliveryAttempt[];
  delivered: boolean;
}

export interface DeliveryOptions {
  /** Waits before the 2nd, 3rd … attempt; their count bounds the retries. */
  readonly retryDelaysMs: readonly number[];
  /** WeChat gives up on an attempt after 5 s. */
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  readonly now: () => Date;
}

/** Delivers `body`, asking `headersFor` for fresh `Wechatpay-*` headers on each attempt. */
export async function deliver(
  report: DeliveryReport,
  body: string,
  headersFor: () => Record<string, string>,
  options: DeliveryOptions,
): Promise<DeliveryReport> {
  for (let attempt = 0; attempt <= options.retryDelaysMs.length && !options.signal.aborted; attempt += 1) {
    if (attempt > 0) {
      const waited = await sleep(options.retryDelaysMs[attempt - 1], true, { signal: options.signal }).catch(() => false);
      if (!waited) break;
    }
    const at = options.now().toISOString();
    try {
      const response = await fetch(report.url, {
        method: 'POST',
        headers: headersFor(),
        body,
        signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]),
      });
      await response.arrayBuffer();
      report.attempts.push({ at, status: response.status });
      if (response.ok) {
        report.delivered = true;
        break;
      }
    } catch (error) {
      report.attempts.push({ at, error: (error as Error).message });
    }
  }
  return report;
}
