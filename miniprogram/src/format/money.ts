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

/**
 * A yuan amount typed by a person → integer fen, by its text alone (no float):
 * '50' → 5000, '12.5' → 1250, '0.01' → 1. Null for anything else (negative,
 * more than two decimals, letters, empty, or above 9,999,999.99).
 */
export function parseYuanToFen(text: string): number | null {
  const match = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}
