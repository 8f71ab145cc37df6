/**
 * Quantities as a manager reads them: electricity in kWh with two decimals,
 * water in litres (a leak or a surge is litres, not cubic metres). Integer
 * arithmetic only, like `formatFenAsYuan`.
 */
import type { AlarmUtility } from './input';

/**
 * 5234 Wh → "5.23 kWh" (rounded down to 10 Wh, the register step); 620 L → "620 L".
 *
 * @throws RangeError for a negative or non-integer quantity (a programmer error).
 */
export function formatAlarmQuantity(baseUnits: number, utility: AlarmUtility): string {
  if (!Number.isSafeInteger(baseUnits) || baseUnits < 0) {
    throw new RangeError(`baseUnits must be a non-negative safe integer, got ${baseUnits}`);
  }
  if (utility === 'water') return `${baseUnits} L`;
  const kwh = Math.trunc(baseUnits / 1000);
  const hundredths = Math.trunc((baseUnits % 1000) / 10);
  return `${kwh}.${hundredths.toString().padStart(2, '0')} kWh`;
}
