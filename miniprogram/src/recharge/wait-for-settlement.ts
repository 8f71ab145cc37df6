import { asApiError, getRecharge, type ApiError, type RechargeView } from '../api';

/** How often and how long to ask the API whether WeChat Pay's notification arrived. */
export interface PollTiming {
  pollIntervalMs: number;
  pollTimeoutMs: number;
}

/** Once a second for up to 20 s: WeChat Pay usually notifies within a few seconds. */
export const DEFAULT_POLL_TIMING: PollTiming = { pollIntervalMs: 1000, pollTimeoutMs: 20_000 };

/** How waiting ended: the order's final state, time running out, or nobody waiting any more. */
export type Settlement =
  | { outcome: 'paid' | 'closed' | 'failed'; recharge: RechargeView }
  | { outcome: 'timeout'; lastError: ApiError | null }
  | { outcome: 'abandoned' };

export interface WaitOptions extends PollTiming {
  /** False once the page that waits is gone: polling then stops. */
  isActive: () => boolean;
  sleep?: (durationMs: number) => Promise<void>;
  now?: () => number;
}

const sleepFor = (durationMs: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, durationMs));

/**
 * A 4xx says asking again cannot help (unknown order, lost login); anything else
 * (no answer, 5xx, 408, 429) may pass, and the payment may well have gone through.
 */
const isFinal = (error: ApiError): boolean =>
  error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;

/**
 * Polls GET /v1/recharges/{outTradeNo} until the order leaves `pending` or the time is
 * up. Transient failures are retried until the deadline; a final 4xx is thrown.
 */
export async function waitForSettlement(outTradeNo: string, options: WaitOptions): Promise<Settlement> {
  const { sleep = sleepFor, now = Date.now } = options;
  const deadlineMs = now() + options.pollTimeoutMs;
  let lastError: ApiError | null = null;
  for (;;) {
    try {
      const recharge = await getRecharge(outTradeNo);
      if (recharge.status !== 'pending') return { outcome: recharge.status, recharge };
      lastError = null;
    } catch (error) {
      lastError = asApiError(error);
      if (isFinal(lastError)) throw lastError;
    }
    if (now() + options.pollIntervalMs > deadlineMs) return { outcome: 'timeout', lastError };
    if (!options.isActive()) return { outcome: 'abandoned' };
    await sleep(options.pollIntervalMs);
    if (!options.isActive()) return { outcome: 'abandoned' };
  }
}
