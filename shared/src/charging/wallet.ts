import { applyCharge } from './apply-charge';

/**
 * A minimal model of a prepaid wallet, to state and test the ledger rules in
 * pure code: entries are appended, never changed, each carries its signed
 * amount and the balance after it, and the balance is always the sum of the
 * entries. Storage enforces the same rules with conditional writes.
 */
export interface WalletState {
  readonly balanceFen: number;
  /** Fraction of a fen not yet charged, 0 ≤ r < 1e6 micro-fen. */
  readonly remainderMicroFen: number;
}

export interface WalletEntry {
  readonly kind: 'credit' | 'charge';
  /** Signed: + credit, − debit. */
  readonly amountFen: number;
  readonly balanceAfterFen: number;
}

export const EMPTY_WALLET: WalletState = { balanceFen: 0, remainderMicroFen: 0 };

/**
 * Credits a positive amount (a recharge or payment).
 *
 * @throws RangeError for an amount that is not a positive safe integer or a balance that would leave safe integers.
 */
export function creditWallet(wallet: WalletState, amountFen: number): { wallet: WalletState; entry: WalletEntry } {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) throw new RangeError(`A credit must be a positive safe integer, got ${amountFen}`);
  const balanceFen = safeSum(wallet.balanceFen, amountFen);
  return { wallet: { ...wallet, balanceFen }, entry: { kind: 'credit', amountFen, balanceAfterFen: balanceFen } };
}

/**
 * Charges an exact cost, carrying the fraction of a fen. No entry is written
 * when the cost rounds to 0 fen so far (the fraction waits for the next one).
 * The balance may go negative: cutting the supply is decided elsewhere.
 */
export function chargeWallet(wallet: WalletState, costMicroFen: bigint): { wallet: WalletState; entry: WalletEntry | null } {
  if (costMicroFen < 0n) throw new RangeError('A charge must not be negative: corrections are credits or adjustments');
  const { chargeFen, remainderMicroFen } = applyCharge(wallet.remainderMicroFen, costMicroFen);
  if (chargeFen === 0) return { wallet: { ...wallet, remainderMicroFen }, entry: null };
  const balanceFen = safeSum(wallet.balanceFen, -chargeFen);
  return { wallet: { balanceFen, remainderMicroFen }, entry: { kind: 'charge', amountFen: -chargeFen, balanceAfterFen: balanceFen } };
}

function safeSum(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new RangeError('The balance would leave the safe integers');
  return sum;
}
