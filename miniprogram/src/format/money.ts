import { formatFenAsYuan } from '@prepaid/shared';

/**
 * A balance for display: 12345 → '¥123.45', -500 → '-¥5.00'. Integer fen in,
 * string out; the arithmetic is `formatFenAsYuan`'s (exact, no float).
 */
export function formatBalance(balanceFen: number): string {
  const yuan = formatFenAsYuan(balanceFen);
  return yuan.startsWith('-') ? `-¥${yuan.slice(1)}` : `¥${yuan}`;
}
