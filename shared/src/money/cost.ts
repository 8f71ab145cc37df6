/**
 * Exact costs. A quantity in base units (Wh, L) times a price in 1/10000 yuan
 * per kWh or m³ is exact in units of 1e-3 × 1e-4 yuan = 1e-7 yuan = 1e-5 fen.
 * The platform's exact cost unit is the micro-fen (1e-6 fen), so
 * `costMicroFen = quantity × pricePer10kYuan × 10`. Costs are bigint: a
 * quantity of 1e12 Wh at 1e8 per 10k yuan would overflow a double's integers.
 */

import { divide } from './divide';

/** Micro-fen in one fen. */
export const MICRO_FEN_PER_FEN = 1_000_000n;

/**
 * An exact cost rounded to the fen, half up, for showing (charts, insights).
 * Not for charging: a charge carries its remainder to the next one instead.
 */
export function displayFenOf(costMicroFen: number | bigint): number {
  return Number(divide(BigInt(costMicroFen), MICRO_FEN_PER_FEN, 'halfUp'));
}

/**
 * The exact cost of `quantityBaseUnits` (Wh or L) at `pricePer10kYuan` (per kWh or m³).
 *
 * @throws RangeError for a negative or non-integer operand (a programmer error: quantities are validated upstream).
 * @example exactCostMicroFen(1000, 4883) // 48_830_000n micro-fen = 48.83 fen for 1 kWh at 0.4883 yuan
 */
export function exactCostMicroFen(quantityBaseUnits: number, pricePer10kYuan: number): bigint {
  if (!Number.isSafeInteger(quantityBaseUnits) || quantityBaseUnits < 0) {
    throw new RangeError(`quantityBaseUnits must be a non-negative safe integer, got ${quantityBaseUnits}`);
  }
  if (!Number.isSafeInteger(pricePer10kYuan) || pricePer10kYuan < 0) {
    throw new RangeError(`pricePer10kYuan must be a non-negative safe integer, got ${pricePer10kYuan}`);
  }
  return BigInt(quantityBaseUnits) * BigInt(pricePer10kYuan) * 10n;
}
