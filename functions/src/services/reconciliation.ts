import { AppError, isAppError } from '@prepaid/shared';
import type { Deps } from '../deps';
import { beijingDate } from '../platform/beijing-time';

export type MismatchKind = 'missing_credit' | 'unknown_payment' | 'amount_differs' | 'not_in_bill';

export interface Mismatch {
  readonly kind: MismatchKind;
  readonly outTradeNo: string;
  readonly transactionId?: string;
  readonly meterId?: string;
  readonly billFen?: number;
  readonly ledgerFen?: number;
}

/** Where alarms about payments with no meter of ours go. */
export const MERCHANT_ALARM_SUBJECT = 'merchant';

const MESSAGES: Record<MismatchKind, string> = {
  missing_credit: '微信已收款但未入账',
  unknown_payment: '微信账单中有未知订单的收款',
  amount_differs: '微信账单金额与入账金额不符',
  not_in_bill: '已入账的微信支付不在微信账单中',
};

/**
 * Compares WeChat Pay's trade bill of a Beijing calendar day with the
 * payments our ledger credited that day, lists every mismatch and raises an
 * alarm for each (on the meter when known). Pure comparison, no correction:
 * a missing credit is settled by the order sweep or by a manager.
 */
export async function reconcileDay(deps: Deps, day: string): Promise<{ day: string; billPayments: number; ledgerPayments: number; mismatches: Mismatch[] }> {
  let rows: Awaited<ReturnType<Deps['payments']['tradeBill']>> = [];
  try {
    rows = await deps.payments.tradeBill(day);
  } catch (error) {
    // A day with no trade at all has no bill: nothing to compare on WeChat's side.
    if (!(isAppError(error) && error.code === 'wechatpay.no_statement')) throw error;
  }
  // Payment rows; a refund appears as a row of its own, with a refund number.
  const billed = new Map(rows.filter((row) => !row.outRefundNo && !row.refundId).map((row) => [row.outTradeNo, row]));
  const credited = new Map((await deps.store.payments.onDay(day)).map((payment) => [payment.outTradeNo, payment]));
  const mismatches: Mismatch[] = [];
  for (const [outTradeNo, row] of billed) {
    const payment = credited.get(outTradeNo);
    if (payment) {
      if (payment.amountFen !== row.amountFen) {
        mismatches.push({ kind: 'amount_differs', outTradeNo, transactionId: row.transactionId, meterId: payment.meterId, billFen: row.amountFen, ledgerFen: payment.amountFen });
      }
      continue;
    }
    const order = await deps.store.orders.get(outTradeNo);
    mismatches.push({
      kind: order ? 'missing_credit' : 'unknown_payment',
      outTradeNo,
      transactionId: row.transactionId,
      billFen: row.amountFen,
      ...(order ? { meterId: order.meterId } : {}),
    });
  }
  for (const [outTradeNo, payment] of credited) {
    if (!billed.has(outTradeNo)) mismatches.push({ kind: 'not_in_bill', outTradeNo, transactionId: payment.transactionId, meterId: payment.meterId, ledgerFen: payment.amountFen });
  }
  const now = deps.clock.now().toISOString();
  for (const mismatch of mismatches) {
    // One open alarm per subject and kind: the details name the first order; the report lists them all.
    await deps.store.alarms.raise({
      meterId: mismatch.meterId ?? MERCHANT_ALARM_SUBJECT,
      kind: `reconciliation_${mismatch.kind}`,
      severity: 'critical',
      message: MESSAGES[mismatch.kind],
      details: Object.fromEntries(Object.entries({ ...mismatch, day }).filter(([, value]) => value !== undefined)) as Record<string, string | number>,
      raisedAt: now,
    });
  }
  return { day, billPayments: billed.size, ledgerPayments: credited.size, mismatches };
}

/** Yesterday in Beijing, the day WeChat's bills are ready for. */
export function yesterdayInBeijing(now: Date): string {
  return beijingDate(new Date(now.getTime() - 86_400_000));
}

export function assertDay(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
    throw new AppError('request.invalid', 400, 'day must be YYYY-MM-DD', { details: { field: 'body.day' } });
  }
  return day;
}
