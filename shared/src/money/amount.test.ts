import { describe, expect, it } from 'vitest';
import { assertAmountFen, MAX_REQUEST_AMOUNT_FEN } from './amount';

describe('assertAmountFen', () => {
  it('accepts positive whole fen up to the ceiling', () => {
    expect(() => assertAmountFen(1)).not.toThrow();
    expect(() => assertAmountFen(MAX_REQUEST_AMOUNT_FEN)).not.toThrow();
    expect(() => assertAmountFen(500, { max: 500 })).not.toThrow();
  });

  it.each([[0], [-1], [1.5], [MAX_REQUEST_AMOUNT_FEN + 1], [Number.NaN], [Infinity], ['100'], [null], [100n]])(
    'refuses %s with money.invalid_amount',
    (value) => {
      expect(() => assertAmountFen(value)).toThrow(
        expect.objectContaining({ code: 'money.invalid_amount', status: 400, details: { field: 'amountFen', max: MAX_REQUEST_AMOUNT_FEN } }),
      );
    },
  );

  it('honours a lowered ceiling and names the field', () => {
    expect(() => assertAmountFen(501, { max: 500, field: 'body.amountFen' })).toThrow(
      expect.objectContaining({ details: { field: 'body.amountFen', max: 500 } }),
    );
  });

  it('treats a bad ceiling as a programmer error', () => {
    expect(() => assertAmountFen(1, { max: 0 })).toThrow(RangeError);
    expect(() => assertAmountFen(1, { max: 1.5 })).toThrow(RangeError);
  });
});
