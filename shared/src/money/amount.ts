import { AppError } from '../errors';

/** The CONTRACT.md ceiling of one payment, recharge or refund: 10,000,000 fen (100,000 yuan). */
export const MAX_REQUEST_AMOUNT_FEN = 10_000_000;

/**
 * Checks an amount from a request (`amountFen` of a recharge, payment or
 * refund): a positive safe integer of fen no larger than `max` (configuration
 * may lower the default ceiling, never raise it past a safe integer).
 *
 * @throws AppError `money.invalid_amount` (400) naming `field` otherwise;
 *   RangeError when `max` itself is not a positive safe integer.
 * @example assertAmountFen(body.amountFen, { max: config.maxAmountFen });
 */
export function assertAmountFen(
  value: unknown,
  options: { readonly max?: number; readonly field?: string } = {},
): asserts value is number {
  const max = options.max ?? MAX_REQUEST_AMOUNT_FEN;
  if (!Number.isSafeInteger(max) || max <= 0) throw new RangeError(`max must be a positive safe integer, got ${max}`);
  const field = options.field ?? 'amountFen';
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= max) return;
  throw new AppError('money.invalid_amount', 400, `${field} must be a whole number of fen between 1 and ${max}`, {
    details: { field, max },
  });
}
