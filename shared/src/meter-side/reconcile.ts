/**
 * Meter-side billing (表端计费): the meter keeps its own balance and counts
 * the purchases it was given. Our ledger stays the truth for money; each
 * credit becomes a purchase for the meter, numbered 1, 2, 3… (the meter
 * takes only the next number: a replayed purchase is refused by the meter).
 * Comparing the meter's count with ours finds a purchase that never arrived
 * or one applied twice. A mismatch is an alarm for a person, never a silent fix.
 */
import type { AlarmFinding } from '../alarms/kinds';
import { formatFenAsYuan } from '../money/format';

/** A purchase we issued, as its command stands. */
export interface IssuedPurchase {
  readonly count: number;
  readonly amountFen: number;
  /** Still on its way (queued, sent, delivered), or ended (succeeded, failed, expired). */
  readonly inFlight: boolean;
}

/** What the meter says of itself. */
export interface MeterSideState {
  readonly purchaseCount: number;
  readonly balanceFen: number;
}

export type PurchaseVerdict =
  | { readonly kind: 'in_step' }
  /** The meter is behind only by purchases still on their way. */
  | { readonly kind: 'pending'; readonly counts: readonly number[] }
  /** Purchases we issued that ended without the meter counting them: the tenant paid, the meter has not the money. */
  | { readonly kind: 'missed'; readonly counts: readonly number[]; readonly amountFen: number }
  /** The meter counted purchases we never issued (one applied twice, or one from elsewhere). */
  | { readonly kind: 'doubled'; readonly extra: number };

/**
 * Compares the meter's purchase count with the purchases we issued
 * (`issuedCount` is the last count we issued; `issued` lists at least those
 * after the meter's count, in any order).
 *
 * @throws RangeError for counts that are not non-negative safe integers.
 */
export function reconcilePurchases(issuedCount: number, issued: readonly IssuedPurchase[], meter: MeterSideState): PurchaseVerdict {
  for (const count of [issuedCount, meter.purchaseCount]) {
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`a purchase count must be a non-negative safe integer, not ${count}`);
  }
  if (meter.purchaseCount === issuedCount) return { kind: 'in_step' };
  if (meter.purchaseCount > issuedCount) return { kind: 'doubled', extra: meter.purchaseCount - issuedCount };
  const behind = new Map(issued.filter((p) => p.count > meter.purchaseCount && p.count <= issuedCount).map((p) => [p.count, p] as const));
  const counts = Array.from({ length: issuedCount - meter.purchaseCount }, (_, i) => meter.purchaseCount + 1 + i);
  // A purchase we cannot find is not on its way: it is missed as surely as one that failed.
  const ended = counts.filter((count) => behind.get(count)?.inFlight !== true);
  if (ended.length === 0) return { kind: 'pending', counts };
  return { kind: 'missed', counts: ended, amountFen: ended.reduce((sum, count) => sum + (behind.get(count)?.amountFen ?? 0), 0) };
}

const yuan = (fen: number) => `¥${formatFenAsYuan(fen)}`;

/**
 * `purchase_mismatch` for a verdict that is one (null for in step or
 * pending). Critical: either a tenant's money is not on the meter, or the
 * meter holds money the ledger never gave it.
 */
export function purchaseMismatchFinding(verdict: PurchaseVerdict, meter: MeterSideState, at: Date): AlarmFinding | null {
  if (verdict.kind === 'in_step' || verdict.kind === 'pending') return null;
  const base = { meterPurchaseCount: meter.purchaseCount, meterBalanceFen: meter.balanceFen, at: at.toISOString() };
  if (verdict.kind === 'missed') {
    return {
      kind: 'purchase_mismatch',
      severity: 'critical',
      message: `表端漏购：第 ${verdict.counts.join('、')} 次购电（${yuan(verdict.amountFen)}）未到表，表内计数 ${meter.purchaseCount}`,
      details: { ...base, verdict: 'missed', missing: verdict.counts.join(','), amountFen: verdict.amountFen },
    };
  }
  return {
    kind: 'purchase_mismatch',
    severity: 'critical',
    message: `表端多购：表内购电次数 ${meter.purchaseCount}，平台只下发 ${meter.purchaseCount - verdict.extra} 次`,
    details: { ...base, verdict: 'doubled', extra: verdict.extra },
  };
}
