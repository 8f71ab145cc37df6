import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { purchaseMismatchFinding, reconcilePurchases, type IssuedPurchase } from '.';

const at = new Date('2026-12-02T12:00:00Z');
const purchase = (count: number, amountFen: number, inFlight = false): IssuedPurchase => ({ count, amountFen, inFlight });

describe('meter-side purchases', () => {
  it('is in step when the meter counted every purchase we issued', () => {
    expect(reconcilePurchases(3, [], { purchaseCount: 3, balanceFen: 1000 })).toEqual({ kind: 'in_step' });
  });

  it('waits for purchases still on their way', () => {
    expect(reconcilePurchases(3, [purchase(3, 5000, true), purchase(2, 2000, true)], { purchaseCount: 1, balanceFen: 0 })).toEqual({ kind: 'pending', counts: [2, 3] });
  });

  it('finds a purchase that ended without reaching the meter, with its money', () => {
    const verdict = reconcilePurchases(3, [purchase(2, 2000), purchase(3, 5000, true)], { purchaseCount: 1, balanceFen: 0 });
    expect(verdict).toEqual({ kind: 'missed', counts: [2], amountFen: 2000 });
    expect(purchaseMismatchFinding(verdict, { purchaseCount: 1, balanceFen: 0 }, at)).toMatchObject({
      kind: 'purchase_mismatch',
      severity: 'critical',
      message: '表端漏购：第 2 次购电（¥20.00）未到表，表内计数 1',
      details: { verdict: 'missed', missing: '2', amountFen: 2000, meterPurchaseCount: 1 },
    });
  });

  it('finds a purchase the meter counted that we never issued', () => {
    const verdict = reconcilePurchases(2, [], { purchaseCount: 3, balanceFen: 9000 });
    expect(verdict).toEqual({ kind: 'doubled', extra: 1 });
    expect(purchaseMismatchFinding(verdict, { purchaseCount: 3, balanceFen: 9000 }, at)?.message).toBe('表端多购：表内购电次数 3，平台只下发 2 次');
  });

  it('never calls a meter in step unless the counts agree, and never alarms while the gap is only in flight', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 60 }), fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }), (issuedCount, meterCount, flying) => {
        const issued = Array.from({ length: issuedCount }, (_, i) => purchase(i + 1, 100 * (i + 1), flying[i]));
        const verdict = reconcilePurchases(issuedCount, issued, { purchaseCount: meterCount, balanceFen: 0 });
        expect(verdict.kind === 'in_step').toBe(issuedCount === meterCount);
        if (meterCount < issuedCount) {
          const gapInFlight = issued.slice(meterCount).every((p) => p.inFlight);
          expect(verdict.kind).toBe(gapInFlight ? 'pending' : 'missed');
          if (verdict.kind === 'missed') expect(verdict.amountFen).toBe(issued.slice(meterCount).filter((p) => !p.inFlight).reduce((s, p) => s + p.amountFen, 0));
        }
        if (meterCount > issuedCount) expect(verdict).toEqual({ kind: 'doubled', extra: meterCount - issuedCount });
        expect(purchaseMismatchFinding(verdict, { purchaseCount: meterCount, balanceFen: 0 }, at) === null).toBe(verdict.kind === 'in_step' || verdict.kind === 'pending');
      }),
    );
  });

  it('refuses counts that are not counts', () => {
    expect(() => reconcilePurchases(-1, [], { purchaseCount: 0, balanceFen: 0 })).toThrow(RangeError);
    expect(() => reconcilePurchases(1, [], { purchaseCount: 1.5, balanceFen: 0 })).toThrow(RangeError);
  });
});
