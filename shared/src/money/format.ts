/**
 * Money display helpers. Amounts are integer fen everywhere; yuan strings exist
 * only here, at the display edge. Integer arithmetic only: no float touches an amount.
 */

/** 12345 → "123.45", -5 → "-0.05". Throws on a non-integer, which would be a programmer error. */
export function formatFenAsYuan(amountFen: number): string {
  if (!Number.isSafeInteger(amountFen)) throw new TypeError(`amountFen must be a safe integer, got ${amountFen}`);
  const sign = amountFen < 0 ? '-' : '';
  const abs = Math.abs(amountFen);
  const yuan = Math.trunc(abs / 100);
  const fen = abs % 100;
  return `${sign}${yuan}.${fen.toString().padStart(2, '0')}`;
}
