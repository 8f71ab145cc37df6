/** Meter-side billing (表端计费): purchases numbered for the meter, and the meter's count reconciled with ours. */
export { purchaseMismatchFinding, reconcilePurchases, type IssuedPurchase, type MeterSideState, type PurchaseVerdict } from './reconcile';
