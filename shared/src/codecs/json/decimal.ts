import { CodecError } from '../codec-error';

/** Up to 12 integer digits and any fraction: no sign, exponent, space or bare point. */
const DECIMAL = /^(\d{1,12})(?:\.(\d+))?$/;

/**
 * Turns a decimal quantity from JSON (a number or a decimal string) into an
 * exact integer of 10^-`decimals` units, with no float arithmetic: a number is
 * read through its shortest decimal representation (`String(1234.56)` is
 * `'1234.56'`), then digits are shifted. Trailing zeros are free
 * (`'1234.5600'` is fine); a fraction that does not fit `decimals` is refused
 * rather than rounded, so no reading is ever billed on a guess — a value that
 * picked up binary noise on the device (`0.30000000000000004`) is refused too.
 *
 * @throws CodecError `invalid_payload` naming `field`, for anything else
 *   (negative, exponent notation, NaN, too many decimals, not a number or string).
 * @example scaleDecimalQuantity(1234.56, 3, 'totalEnergy') // 1234560
 */
export function scaleDecimalQuantity(value: unknown, decimals: number, field: string): number {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  const match = typeof text === 'string' ? DECIMAL.exec(text) : null;
  if (!match) {
    throw new CodecError('invalid_payload', `${field} must be a non-negative decimal number`, { details: { field } });
  }
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > decimals) {
    throw new CodecError('invalid_payload', `${field} has more than ${decimals} decimal(s)`, { details: { field, decimals } });
  }
  return Number(match[1]) * 10 ** decimals + Number(fraction.padEnd(decimals, '0') || '0');
}
