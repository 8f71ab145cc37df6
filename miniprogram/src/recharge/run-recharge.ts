import type { MeterView } from '@prepaid/shared';
import { asApiError, createRecharge, getMeter, payOrder, type ApiError } from '../api';
import { waitForSettlement, type PollTiming } from './wait-for-settlement';

/** Where one recharge attempt stands, as the recharge page shows it. */
export type RechargeFlow =
  | { phase: 'idle' }
  /** Opening the order and paying it. */
  | { phase: 'paying'; amountFen: number }
  /** Paid on the client; waiting for WeChat Pay's notification to reach the API. */
  | { phase: 'confirming'; amountFen: number; outTradeNo: string }
  /** Credited. `meter` is the re-read meter (null while loading or when `error`). */
  | { phase: 'paid'; amountFen: number; outTradeNo: string; meter: MeterView | null; error: ApiError | null }
  | { phase: 'cancelled'; amountFen: number }
  /** Not credited: no result in time, or the order was closed or failed. */
  | {
      phase: 'unfinished';
      amountFen: number;
      outTradeNo: string;
      reason: 'timeout' | 'closed' | 'failed';
      error: ApiError | null;
    }
  | { phase: 'error'; amountFen: number; error: ApiError };

export interface RunOptions {
  timing: PollTiming;
  /** Receives every new state. */
  report: (flow: RechargeFlow) => void;
  /** False once nobody shows this attempt any more: it then stops and reports nothing. */
  isActive: () => boolean;
}

type Outcome = Extract<RechargeFlow, { phase: 'cancelled' | 'unfinished' | 'error' }> | { phase: 'paid'; outTradeNo: string } | null;

/** Opens the order, pays it and waits for the notification; null when abandoned. */
async function payAndConfirm(meterId: string, amountFen: number, options: RunOptions): Promise<Outcome> {
  try {
    const { outTradeNo, payParams } = await createRecharge(meterId, amountFen);
    if (!options.isActive()) return null;
    if ((await payOrder(outTradeNo, payParams)) === 'cancelled') return { phase: 'cancelled', amountFen };
    if (!options.isActive()) return null;
    options.report({ phase: 'confirming', amountFen, outTradeNo });
    const settlement = await waitForSettlement(outTradeNo, { ...options.timing, isActive: options.isActive });
    if (settlement.outcome === 'abandoned') return null;
    if (settlement.outcome === 'paid') return { phase: 'paid', outTradeNo };
    const error = settlement.outcome === 'timeout' ? settlement.lastError : null;
    return { phase: 'unfinished', amountFen, outTradeNo, reason: settlement.outcome, error };
  } catch (error) {
    return { phase: 'error', amountFen, error: asApiError(error) };
  }
}

/**
 * One recharge: POST /v1/recharges → pay (WeChat or sandbox) → poll the order → re-read
 * the meter's balance once paid. Never rejects: every failure becomes a reported state.
 */
export async function runRecharge(meterId: string, amountFen: number, options: RunOptions): Promise<void> {
  const report = (flow: RechargeFlow): void => {
    if (options.isActive()) options.report(flow);
  };
  report({ phase: 'paying', amountFen });
  const outcome = await payAndConfirm(meterId, amountFen, options);
  if (outcome === null) return;
  if (outcome.phase !== 'paid') {
    report(outcome);
    return;
  }
  const paid = { phase: 'paid', amountFen, outTradeNo: outcome.outTradeNo } as const;
  report({ ...paid, meter: null, error: null });
  try {
    report({ ...paid, meter: await getMeter(meterId), error: null });
  } catch (error) {
    report({ ...paid, meter: null, error: asApiError(error) });
  }
}
