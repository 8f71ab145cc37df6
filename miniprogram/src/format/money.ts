import { formatFenAsYuan } from '@prepaid/shared';

/**
 * A balance for display: 12345 → '¥123.45', -500 → '-¥5.00'. Integer fen in,
 * string out; the arithmetic is `formatFenAsYuan`'s (exact, no float).
 */
export function formatBalance(balanceFen: number): string {
  const yuan = formatFenAsYuan(balanceFen);
  return yuan.startsWith('-') ? `-¥${yuan.slice(1)}` : `¥${yuan}`;
}

/**
 * An amount to choose, without decimals when whole: 5000 → '50元', 1050 → '10.50元'.
 * Only the string of `formatFenAsYuan` is trimmed; no arithmetic on yuan.
 */
export function formatYuanLabel(amountFen: number): string {
  return `${formatFenAsYuan(amountFen).replace(/\.00$/, '')}元`;
}
