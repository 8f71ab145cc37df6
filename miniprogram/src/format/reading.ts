import type { Reading } from '@prepaid/shared';

/**
 * `value` base units shown in a unit `unitsPerWhole` times larger with `decimals`
 * decimals, in integer arithmetic, truncating toward zero (meters show completed
 * units, never rounded-up ones). `unitsPerWhole` must be a multiple of 10^decimals.
 */
function formatFixed(value: number, unitsPerWhole: number, decimals: number): string {
  if (!Number.isSafeInteger(value)) throw new TypeError(`reading must be a safe integer, got ${value}`);
  const fractionScale = 10 ** decimals;
  const unitsPerStep = unitsPerWhole / fractionScale;
  const sign = value < 0 ? '-' : '';
  const steps = Math.trunc(Math.abs(value) / unitsPerStep);
  const whole = Math.trunc(steps / fractionScale);
  const fraction = (steps % fractionScale).toString().padStart(decimals, '0');
  return `${sign}${whole}.${fraction}`;
}

/** Wh → kWh with 2 decimals, truncated: 1234560 → '1234.56 kWh', 1234567 → '1234.56 kWh'. */
export function formatWhAsKwh(energyWh: number): string {
  return `${formatFixed(energyWh, 1000, 2)} kWh`;
}

/** L → m³ with 3 decimals (exact, 1 m³ = 1000 L): 12345 → '12.345 m³'. */
export function formatLitresAsCubicMetres(volumeL: number): string {
  return `${formatFixed(volumeL, 1000, 3)} m³`;
}

/** A meter reading in the unit people read on a bill: kWh for electricity, m³ for water. */
export function formatReadingValue(reading: Pick<Reading, 'value' | 'unit'>): string {
  return reading.unit === 'Wh' ? formatWhAsKwh(reading.value) : formatLitresAsCubicMetres(reading.value);
}

/** Beijing time is UTC+8 all year (no daylight saving), so a fixed offset is exact. */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * An ISO 8601 instant as 'YYYY-MM-DD HH:mm' in Asia/Shanghai, the business time zone;
 * the input unchanged when it does not parse.
 */
export function formatShanghaiTime(iso: string): string {
  const instantMs = Date.parse(iso);
  if (Number.isNaN(instantMs)) return iso;
  return new Date(instantMs + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
