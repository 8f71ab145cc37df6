import { divide, MICRO_FEN_PER_FEN } from '../money';

/** Result of rounding one exact cost into whole fen. */
export interface AppliedCharge {
  /** Whole fen to debit now. */
  readonly chargeFen: number;
  /** The fraction of a fen carried to the next charge, in micro-fen, 0 ≤ r < 1e6. */
  readonly remainderMicroFen: number;
}

/**
 * Turns an exact cost into whole fen without ever losing a fraction: the
 * fraction left from earlier charges is added first, the floor is charged and
 * the new fraction carried forward. Charging costs c₁…cₙ this way from a
 * remainder of 0 debits exactly ⌊(c₁+…+cₙ) / 1e6⌋ fen in total, so the sum of
 * a meter's charges is its exact cost rounded down, never more than 1 fen off.
 * A negative cost (a correction) credits the same way.
 *
 * @throws RangeError when the remainder is not an integer in [0, 1e6) or the charge is not a safe integer of fen.
 * @example applyCharge(600_000, 48_830_000n) // { chargeFen: 49, remainderMicroFen: 430_000 }
 */
export function applyCharge(remainderMicroFen: number, costMicroFen: bigint): AppliedCharge {
  if (!Number.isSafeInteger(remainderMicroFen) || remainderMicroFen < 0 || BigInt(remainderMicroFen) >= MICRO_FEN_PER_FEN) {
    throw new RangeError(`remainderMicroFen must be an integer in [0, 1e6), got ${remainderMicroFen}`);
  }
  if (typeof costMicroFen !== 'bigint') throw new TypeError('costMicroFen must be a bigint');
  const exact = BigInt(remainderMicroFen) + costMicroFen;
  const chargeFen = divide(exact, MICRO_FEN_PER_FEN, 'floor');
  if (chargeFen > BigInt(Number.MAX_SAFE_INTEGER) || chargeFen < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError('The charge is not a safe integer of fen');
  }
  return { chargeFen: Number(chargeFen), remainderMicroFen: Number(exact - chargeFen * MICRO_FEN_PER_FEN) };
}
