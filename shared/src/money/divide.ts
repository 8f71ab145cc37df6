/**
 * Exact integer division with a named rounding mode: the only way the platform
 * turns an exact quantity into a coarser one (micro-fen into fen, a pro-rated
 * threshold into base units).
 */

/**
 * How a quotient that is not an integer is rounded.
 * - `floor`: towards −∞; `ceil`: towards +∞; `trunc`: towards zero.
 * - `halfUp`: to the nearest integer, ties towards +∞ (as dinero.js: 2.5 → 3,
 *   −2.5 → −2). On the non-negative values the platform rounds, this is the
 *   everyday 四舍五入.
 * - `halfEven`: to the nearest integer, ties to the even neighbour (banker's rounding).
 */
export type RoundingMode = 'floor' | 'ceil' | 'halfUp' | 'halfEven' | 'trunc';

const ROUNDING_MODES: ReadonlySet<string> = new Set<RoundingMode>(['floor', 'ceil', 'halfUp', 'halfEven', 'trunc']);

/**
 * `numerator / denominator`, rounded by `mode`, exactly, for any signs.
 *
 * @throws RangeError when `denominator` is 0; TypeError for a non-bigint operand or an unknown mode.
 * @example divide(7n, 2n, 'halfEven') // 4n; divide(-7n, 2n, 'floor') // -4n
 */
export function divide(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (typeof numerator !== 'bigint' || typeof denominator !== 'bigint') {
    throw new TypeError('divide takes bigint operands');
  }
  if (!ROUNDING_MODES.has(mode)) throw new TypeError(`Unknown rounding mode ${String(mode)}`);
  if (denominator === 0n) throw new RangeError('Division by zero');
  // Normalise to a positive denominator: n/d = (−n)/(−d).
  const n = denominator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  // BigInt division truncates; turn it into floor and a remainder in [0, d).
  let floor = n / d;
  if (n % d !== 0n && n < 0n) floor -= 1n;
  const remainder = n - floor * d;
  if (remainder === 0n) return floor;
  switch (mode) {
    case 'floor':
      return floor;
    case 'ceil':
      return floor + 1n;
    case 'trunc':
      return floor < 0n ? floor + 1n : floor;
    case 'halfUp':
      return 2n * remainder >= d ? floor + 1n : floor;
    case 'halfEven': {
      const twice = 2n * remainder;
      if (twice !== d) return twice > d ? floor + 1n : floor;
      return floor % 2n === 0n ? floor : floor + 1n;
    }
  }
}
