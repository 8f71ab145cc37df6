/**
 * Tier thresholds: `upTo` is written in kWh or m³ (the unit people publish),
 * billing counts base units (Wh, L). A threshold may carry up to 3 decimals,
 * so that it is a whole number of base units; the conversion goes through the
 * number's decimal text, so no float rounding can creep in.
 */

/** Largest threshold accepted, in kWh or m³: keeps base units far inside safe integers. */
export const MAX_THRESHOLD = 1_000_000_000;

const THRESHOLD_TEXT = /^(\d+)(?:\.(\d{1,3}))?$/;

/** True when `upTo` is a positive number of kWh/m³ with at most 3 decimals, up to MAX_THRESHOLD. */
export function isExactThreshold(upTo: number): boolean {
  return Number.isFinite(upTo) && upTo > 0 && upTo <= MAX_THRESHOLD && THRESHOLD_TEXT.test(String(upTo));
}

/**
 * kWh or m³ → Wh or L, exactly: 2760 → 2_760_000, 7.5 → 7_500.
 *
 * @throws RangeError for a threshold `isExactThreshold` refuses (the schema has refused it already).
 */
export function thresholdBaseUnits(upTo: number): number {
  const match = isExactThreshold(upTo) ? THRESHOLD_TEXT.exec(String(upTo)) : null;
  if (!match) throw new RangeError(`Not an exact threshold: ${upTo}`);
  return Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
}
