/**
 * Splits an integer total into parts proportional to weights so that the parts
 * add up to the total exactly: a fen (or a watt-hour) is never created or lost.
 */

/**
 * Largest-remainder allocation: every part gets the floor of its exact share,
 * then the units left over go, one each, to the parts with the largest
 * fractional remainders, ties to the earlier index. A zero weight always gets 0.
 * A negative total is split as the mirror image of its absolute value, so
 * `allocate(-t, w)` is `allocate(t, w)` negated.
 *
 * Each part is within 1 of its exact share `total × weight / Σ weights`.
 *
 * @throws RangeError for no weights, a negative weight or all-zero weights;
 *   TypeError for a non-integer total or weight.
 * @example allocate(10, [1, 1, 1]) // [4, 3, 3]
 * @example allocate(100n, [3n, 0n, 1n]) // [75n, 0n, 25n]
 */
export function allocate(total: bigint, weights: readonly bigint[] | readonly number[]): bigint[];
export function allocate(total: number, weights: readonly bigint[] | readonly number[]): number[];
export function allocate(total: bigint | number, weights: readonly bigint[] | readonly number[]): bigint[] | number[] {
  const exactTotal = toBigInt(total, 'total');
  const exactWeights = weights.map((weight, index) => toBigInt(weight, `weights[${index}]`));
  const parts = allocateExact(exactTotal, exactWeights);
  if (typeof total === 'bigint') return parts;
  return parts.map(Number);
}

function allocateExact(total: bigint, weights: readonly bigint[]): bigint[] {
  if (weights.length === 0) throw new RangeError('allocate needs at least one weight');
  if (weights.some((weight) => weight < 0n)) throw new RangeError('allocate weights must not be negative');
  const sum = weights.reduce((acc, weight) => acc + weight, 0n);
  if (sum === 0n) throw new RangeError('allocate weights must not all be zero');
  if (total < 0n) return allocateExact(-total, weights).map((part) => -part);

  const parts = weights.map((weight) => (total * weight) / sum);
  const remainders = weights.map((weight) => (total * weight) % sum);
  let left = total - parts.reduce((acc, part) => acc + part, 0n);
  // Indices by remainder, largest first; Array.prototype.sort is stable, so equal
  // remainders keep their index order. Only positive remainders may get a unit,
  // and `left` never exceeds their count, so zero weights stay at 0.
  const order = remainders
    .map((remainder, index) => ({ remainder, index }))
    .filter(({ remainder }) => remainder > 0n)
    .sort((a, b) => (a.remainder === b.remainder ? 0 : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of order) {
    if (left === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts;
}

function toBigInt(value: bigint | number, name: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw new TypeError(`allocate: ${name} must be a safe integer or a bigint, got ${String(value)}`);
}
