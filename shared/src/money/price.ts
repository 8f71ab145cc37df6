import { AppError } from '../errors';

/**
 * Prices are decimal strings of yuan per unit (kWh or m³) with at most 4
 * decimals, held as exact integers of 1/10000 yuan: "0.4883" → 4883,
 * "2" → 20000, "0.60" → 6000. Strings exist only where humans type prices.
 */
export type PricePer10kYuan = number;

/** Up to 7 integer digits and up to 4 decimals: nothing else (no sign, exponent, space, bare point). */
export const PRICE_PATTERN = /^(\d{1,7})(?:\.(\d{1,4}))?$/;

/** The largest price a string can hold: "9999999.9999". */
export const MAX_PRICE_PER_10K_YUAN = 99_999_999_999;

/** True when `text` is a price string `parsePrice` accepts. */
export function isPriceText(text: unknown): text is string {
  return typeof text === 'string' && PRICE_PATTERN.test(text);
}

/**
 * Parses a price string into exact 1/10000 yuan, with no float on the way.
 *
 * @throws AppError `money.invalid_price` (400) for anything but `^\d{1,7}(\.\d{1,4})?$`.
 * @example parsePrice('0.4883') // 4883
 */
export function parsePrice(text: unknown): PricePer10kYuan {
  const match = typeof text === 'string' ? PRICE_PATTERN.exec(text) : null;
  if (!match) {
    throw new AppError('money.invalid_price', 400, 'A price is a decimal string of yuan with at most 4 decimals', {
      details: { value: typeof text === 'string' ? text.slice(0, 40) : typeof text },
    });
  }
  const whole = Number(match[1]);
  const decimals = Number((match[2] ?? '').padEnd(4, '0'));
  return whole * 10_000 + decimals;
}

/**
 * Writes a price in its canonical form: at least 2 decimals (so it reads like
 * yuan and fen), the 3rd and 4th only when not zero. `parsePrice` reads it back
 * exactly.
 *
 * @example formatPrice(6000) // "0.60"; formatPrice(4883) // "0.4883"; formatPrice(5380) // "0.538"
 */
export function formatPrice(pricePer10kYuan: PricePer10kYuan): string {
  if (!Number.isSafeInteger(pricePer10kYuan) || pricePer10kYuan < 0 || pricePer10kYuan > MAX_PRICE_PER_10K_YUAN) {
    throw new RangeError(`pricePer10kYuan must be an integer in [0, ${MAX_PRICE_PER_10K_YUAN}], got ${pricePer10kYuan}`);
  }
  const whole = Math.trunc(pricePer10kYuan / 10_000);
  const decimals = (pricePer10kYuan % 10_000).toString().padStart(4, '0').replace(/0{1,2}$/, '');
  return `${whole}.${decimals}`;
}
