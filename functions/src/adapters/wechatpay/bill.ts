import { formatFenAsYuan } from '@prepaid/shared';
import { WechatPayError } from './errors';

/** One line of a day's trade bill (`bill_type=ALL`): a payment (`SUCCESS`) or a refund (`REFUND`). */
export interface TradeBillRow {
  /** 交易时间 as RFC 3339 (+08:00): the payment time, or for a REFUND row the refund's time. */
  readonly successTime: string;
  readonly appid: string | undefined;
  readonly mchid: string | undefined;
  readonly transactionId: string;
  readonly outTradeNo: string;
  readonly openid: string | undefined;
  /** 交易状态: SUCCESS, REFUND, REVOKED… */
  readonly tradeState: string;
  /** 订单金额 (the order's total), or 应结订单金额 for bills without that column. */
  readonly amountFen: number;
  /** 应结订单金额: the order total less non-cash coupons. */
  readonly settlementFen: number;
  /** 退款金额 (0 on payment rows). */
  readonly refundFen: number;
  readonly refundId: string | undefined;
  readonly outRefundNo: string | undefined;
  readonly refundStatus: string | undefined;
  readonly description: string | undefined;
  readonly attach: string | undefined;
}

const COLUMNS = {
  successTime: '交易时间',
  appid: '公众账号ID',
  mchid: '商户号',
  transactionId: '微信订单号',
  outTradeNo: '商户订单号',
  openid: '用户标识',
  tradeState: '交易状态',
  settlementFen: '应结订单金额',
  refundId: '微信退款单号',
  outRefundNo: '商户退款单号',
  refundFen: '退款金额',
  refundStatus: '退款状态',
  description: '商品名称',
  attach: '商户数据包',
  amountFen: '订单金额',
} as const;
const REQUIRED = [COLUMNS.successTime, COLUMNS.transactionId, COLUMNS.outTradeNo, COLUMNS.tradeState, COLUMNS.settlementFen];

const badBill = (message: string) => new WechatPayError('wechatpay.bad_bill', 502, `The trade bill cannot be read: ${message}`);

/**
 * Parses the text of a v3 trade bill: a header line of Chinese column names,
 * then one line per trade with every field prefixed by a backtick, then the
 * summary (`总交易单数,…`), which ends the rows. Columns are found by name, so
 * added columns do not shift anything. Amounts become integer fen exactly.
 */
export function parseTradeBill(text: string): TradeBillRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerAt = lines.findIndex((line) => line.includes(COLUMNS.outTradeNo) && line.includes(COLUMNS.successTime));
  if (headerAt < 0) throw badBill('no header line');
  const names = lines[headerAt]!.split(',').map((name) => name.trim());
  const missing = REQUIRED.filter((name) => !names.includes(name));
  if (missing.length > 0) throw badBill(`missing columns ${missing.join(', ')}`);
  const rows: TradeBillRow[] = [];
  for (const line of lines.slice(headerAt + 1)) {
    if (!line.startsWith('`')) break;
    const fields = line.slice(1).split(',`');
    if (fields.length !== names.length) throw badBill(`a row has ${fields.length} fields for ${names.length} columns`);
    const field = (name: string): string | undefined => {
      const index = names.indexOf(name);
      return index < 0 ? undefined : fields[index]!.trim();
    };
    rows.push(toRow(field));
  }
  return rows;
}

function toRow(field: (name: string) => string | undefined): TradeBillRow {
  const optional = (name: string) => {
    const value = field(name);
    return value === undefined || value === '' || value === '0' ? undefined : value;
  };
  const settlementFen = parseYuanToFen(field(COLUMNS.settlementFen)!);
  const orderYuan = field(COLUMNS.amountFen);
  return {
    successTime: beijingBillTime(field(COLUMNS.successTime)!),
    appid: optional(COLUMNS.appid),
    mchid: optional(COLUMNS.mchid),
    transactionId: field(COLUMNS.transactionId)!,
    outTradeNo: field(COLUMNS.outTradeNo)!,
    openid: optional(COLUMNS.openid),
    tradeState: field(COLUMNS.tradeState)!,
    amountFen: orderYuan === undefined ? settlementFen : parseYuanToFen(orderYuan),
    settlementFen,
    refundFen: parseYuanToFen(field(COLUMNS.refundFen) || '0'),
    refundId: optional(COLUMNS.refundId),
    outRefundNo: optional(COLUMNS.outRefundNo),
    refundStatus: optional(COLUMNS.refundStatus),
    description: field(COLUMNS.description) || undefined,
    attach: field(COLUMNS.attach) || undefined,
  };
}

/**
 * `"12.34"` yuan → 1234 fen with integer arithmetic only. Digits past the
 * second decimal must be zeros (a bill never holds fractions of a fen).
 */
export function parseYuanToFen(text: string): number {
  const match = /^(\d{1,14})(?:\.(\d{1,8}))?$/.exec(text);
  if (!match) throw badBill(`"${text.slice(0, 20)}" is not an amount in yuan`);
  const decimals = (match[2] ?? '').padEnd(2, '0');
  if (/[^0]/.test(decimals.slice(2))) throw badBill(`"${text}" has fractions of a fen`);
  const fen = BigInt(match[1]!) * 100n + BigInt(decimals.slice(0, 2));
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) throw badBill(`"${text}" is too large`);
  return Number(fen);
}

/** `2026-11-21 09:30:00` (Beijing, as bills write it) → `2026-11-21T09:30:00+08:00`. */
function beijingBillTime(text: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(text);
  if (!match) throw badBill(`"${text.slice(0, 30)}" is not a trade time`);
  return `${match[1]}T${match[2]}+08:00`;
}

/** The full column list of a v3 `ALL` trade bill, in WeChat's order. */
const BILL_HEADER = [
  '交易时间', '公众账号ID', '商户号', '特约商户号', '设备号', '微信订单号', '商户订单号', '用户标识', '交易类型', '交易状态',
  '付款银行', '货币种类', '应结订单金额', '代金券金额', '微信退款单号', '商户退款单号', '退款金额', '充值券退款金额', '退款类型', '退款状态',
  '商品名称', '商户数据包', '手续费', '费率', '订单金额', '申请退款金额', '费率备注',
];

/**
 * The inverse of {@link parseTradeBill}, for the sandbox and tests: the bill
 * text WeChat would serve for these rows, summary included (fees are zero).
 */
export function formatTradeBill(rows: readonly TradeBillRow[]): string {
  const yuan = formatFenAsYuan;
  const lines = rows.map((row) => {
    const refund = row.tradeState === 'REFUND';
    const values = [
      row.successTime.slice(0, 19).replace('T', ' '), row.appid ?? '', row.mchid ?? '', '0', '', row.transactionId, row.outTradeNo,
      row.openid ?? '', 'JSAPI', row.tradeState, 'OTHERS', 'CNY', yuan(row.settlementFen), '0.00', row.refundId ?? '0',
      row.outRefundNo ?? '0', yuan(row.refundFen), '0.00', refund ? 'ORIGINAL' : '', row.refundStatus ?? '', row.description ?? '',
      row.attach ?? '', '0.00000', '0.60%', yuan(row.amountFen), yuan(refund ? row.refundFen : 0), '',
    ];
    return `\`${values.join(',`')}`;
  });
  const total = (pick: (row: TradeBillRow) => number) => yuan(rows.reduce((sum, row) => sum + pick(row), 0));
  const isPayment = (row: TradeBillRow) => row.tradeState !== 'REFUND';
  const summary = [
    rows.length, total((r) => (isPayment(r) ? r.settlementFen : 0)), total((r) => r.refundFen), '0.00', '0.00000',
    total((r) => (isPayment(r) ? r.amountFen : 0)), total((r) => r.refundFen),
  ];
  return [BILL_HEADER.join(','), ...lines, '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额', `\`${summary.join(',`')}`, ''].join('\r\n');
}
