import { decodeBcd } from '../bcd';
import { isAllFF } from '../bytes';
import { CodecError } from '../codec-error';

/**
 * Unit codes of a CJ/T 188 volume (the M-Bus fixed-data codes the standard
 * borrows): 0x2C m³, 0x29 L. Volumes are 4 BCD bytes with two decimals.
 */
export const CJT188_UNIT = { litre: 0x29, cubicMetre: 0x2c } as const;

/**
 * Reads a 4-byte BCD volume with two decimals followed by its unit code, in
 * whole litres: hundredths of m³ × 10 exactly; hundredths of a litre are
 * floored (a cumulative register loses nothing by it: the fraction is billed
 * with a later reading).
 *
 * @throws CodecError `invalid_bcd`, or `unsupported` for another unit.
 */
export function decodeVolumeL(bytes: Uint8Array, offset: number, field: string): number {
  const hundredths = decodeBcd(bytes, offset, 4, field);
  const unit = bytes[offset + 4];
  if (unit === CJT188_UNIT.cubicMetre) return hundredths * 10;
  if (unit === CJT188_UNIT.litre) return Math.floor(hundredths / 100);
  throw new CodecError('unsupported', `CJ/T 188: ${field} unit 0x${(unit ?? 0).toString(16)} is not m³ (0x2C) or L (0x29)`, {
    details: { field, unit },
  });
}

/** An optional volume (the settlement-day flow): null when 0xFF-filled, not BCD or in an unknown unit. */
export function decodeOptionalVolumeL(bytes: Uint8Array, offset: number, field: string): number | null {
  if (isAllFF(bytes.subarray(offset, offset + 4))) return null;
  try {
    return decodeVolumeL(bytes, offset, field);
  } catch (error) {
    if (error instanceof CodecError) return null;
    throw error;
  }
}
