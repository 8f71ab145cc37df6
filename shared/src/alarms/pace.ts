/**
 * A meter's spending pace, kept in its state so a push can forecast the days
 * a balance lasts without reading its history: the cost and the covered time
 * of its recent charges, both decaying with a half-life of a few days, so the
 * pace follows the tenant's habits of the last week. Integers only: the cost
 * is an exact bigint of micro-fen, the decay a whole number of parts per million.
 */
import { divide } from '../money';
import { DAY_MS } from './usage-spans';

/** What a pace remembers. `costMicroFen` is a decimal string (a bigint does not travel as JSON). */
export interface SpendingPace {
  readonly coveredMs: number;
  readonly costMicroFen: string;
}

/** Charges of three and a half days ago weigh half as much as today's. */
export const PACE_HALF_LIFE_MS = 3.5 * DAY_MS;
const PPM = 1_000_000n;

/** The decay of `elapsedMs`, in parts per million (a factor, not an amount: it is the only float here, and it is rounded to an integer at once). */
function decayPpm(elapsedMs: number): bigint {
  return BigInt(Math.round(Number(PPM) * 2 ** (-Math.max(0, elapsedMs) / PACE_HALF_LIFE_MS)));
}

/** The pace after a charge of `costMicroFen` for an interval of `intervalMs`: older history decays by the interval's length. */
export function addToPace(pace: SpendingPace | null, intervalMs: number, costMicroFen: bigint): SpendingPace {
  if (!Number.isSafeInteger(intervalMs) || intervalMs <= 0) throw new RangeError(`intervalMs must be a positive safe integer, got ${intervalMs}`);
  if (costMicroFen < 0n) throw new RangeError('costMicroFen must not be negative');
  const factor = decayPpm(intervalMs);
  const covered = pace ? (BigInt(pace.coveredMs) * factor) / PPM : 0n;
  const cost = pace ? (BigInt(pace.costMicroFen) * factor) / PPM : 0n;
  return { coveredMs: Number(covered) + intervalMs, costMicroFen: (cost + costMicroFen).toString() };
}

/**
 * Whole days `balanceFen` lasts at `pace`: floor(balance ÷ daily cost).
 * Null when the pace covers less than a day or costs nothing; 0 at or below 0 fen.
 */
export function daysLeftAtPace(balanceFen: number, pace: SpendingPace | null): number | null {
  if (!pace || pace.coveredMs < DAY_MS) return null;
  const cost = BigInt(pace.costMicroFen);
  if (cost === 0n) return null;
  if (balanceFen <= 0) return 0;
  // days = balance × 1e6 micro-fen × covered ÷ (cost × DAY), floored.
  const days = divide(BigInt(balanceFen) * 1_000_000n * BigInt(pace.coveredMs), cost * BigInt(DAY_MS), 'floor');
  return days > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(days);
}
