import fc from 'fast-check';
import { formatFenAsYuan } from '@prepaid/shared';
import { describe, expect, it } from 'vitest';
import { formatTradeBill, parseTradeBill, parseYuanToFen, type TradeBillRow } from './bill';

// The shape of a v3 ALL trade bill: header, backtick-prefixed rows, summary header, summary row.
const BILL = [
  '\uFEFF交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注',
  '`2026-11-21 09:30:00,`wxd930ea5d5a258f4f,`1900000109,`0,`,`4200002026112100000000000001,`R20261121093000AAAA,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`SUCCESS,`OTHERS,`CNY,`50.00,`0.00,`0,`0,`0.00,`0.00,`,`,`电费充值 A-101,`meter-1,`0.30000,`0.60%,`50.00,`0.00,`',
  '`2026-11-21 10:00:01,`wxd930ea5d5a258f4f,`1900000109,`0,`,`4200002026112100000000000002,`R20261121100000BBBB,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`SUCCESS,`OTHERS,`CNY,`0.01,`0.00,`0,`0,`0.00,`0.00,`,`,`水费充值 A-101,`meter-2,`0.00000,`0.60%,`0.01,`0.00,`',
  '`2026-11-21 18:12:13,`wxd930ea5d5a258f4f,`1900000109,`0,`,`4200002026112000000000000009,`R20261120080000CCCC,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`50300002026112100000000000001,`F1,`12.30,`0.00,`ORIGINAL,`SUCCESS,`电费充值 A-101,`meter-1,`-0.07000,`0.60%,`100.00,`12.30,`',
  '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
  '`3,`50.01,`12.30,`0.00,`0.23000,`150.01,`12.30',
  '',
].join('\r\n');

describe('parseTradeBill', () => {
  it('reads payments and refunds with amounts in exact fen and times in Beijing time', () => {
    const rows = parseTradeBill(BILL);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({
      successTime: '2026-11-21T09:30:00+08:00',
      appid: 'wxd930ea5d5a258f4f',
      mchid: '1900000109',
      transactionId: '4200002026112100000000000001',
      outTradeNo: 'R20261121093000AAAA',
      openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
      tradeState: 'SUCCESS',
      amountFen: 5000,
      settlementFen: 5000,
      refundFen: 0,
      refundId: undefined,
      outRefundNo: undefined,
      refundStatus: undefined,
      description: '电费充值 A-101',
      attach: 'meter-1',
    });
    expect(rows[1]).toMatchObject({ outTradeNo: 'R20261121100000BBBB', amountFen: 1 });
    expect(rows[2]).toMatchObject({ tradeState: 'REFUND', amountFen: 10000, refundFen: 1230, outRefundNo: 'F1', refundId: '50300002026112100000000000001', refundStatus: 'SUCCESS' });
  });

  it('finds columns by name, so a bill without 订单金额 falls back to 应结订单金额', () => {
    const bill = ['交易时间,微信订单号,商户订单号,交易状态,应结订单金额', '`2026-11-21 09:30:00,`4200,`R1,`SUCCESS,`7.70', '总交易单数', '`1'].join('\n');
    expect(parseTradeBill(bill)).toEqual([expect.objectContaining({ transactionId: '4200', outTradeNo: 'R1', amountFen: 770, settlementFen: 770 })]);
  });

  it('reads an empty bill (header and summary only) as no rows', () => {
    expect(parseTradeBill(formatTradeBill([]))).toEqual([]);
  });

  it('refuses text that is not a trade bill, or rows that do not fit the header', () => {
    expect(() => parseTradeBill('<html>502 Bad Gateway</html>')).toThrow(expect.objectContaining({ code: 'wechatpay.bad_bill' }));
    expect(() => parseTradeBill('交易时间,商户订单号\n`x,`y')).toThrow(/missing columns/);
    const shortRow = BILL.replace('`meter-1,`0.30000', '`meter-1');
    expect(() => parseTradeBill(shortRow)).toThrow(/fields for/);
    expect(() => parseTradeBill(BILL.replace('`50.00,`0.00,`0,`0', '`50.5x,`0.00,`0,`0'))).toThrow(/not an amount/);
    expect(() => parseTradeBill(BILL.replace('2026-11-21 09:30:00', '21/11/2026'))).toThrow(/not a trade time/);
  });

  it('round-trips what formatTradeBill writes (property)', () => {
    const fen = fc.integer({ min: 0, max: 10_000_000 });
    const id = fc.stringMatching(/^[0-9A-Za-z_-]{6,32}$/);
    const row = fc.record({
      transactionId: fc.stringMatching(/^42\d{26}$/),
      outTradeNo: id,
      amountFen: fen,
      refundFen: fen,
      refunded: fc.boolean(),
      description: fc.stringMatching(/^[\p{L} 0-9-]{1,20}$/u).map((s) => s.trim() || 'x'),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), (drafts) => {
        const rows: TradeBillRow[] = drafts.map((d) => ({
          successTime: '2026-11-21T12:00:00+08:00',
          appid: 'wxd930ea5d5a258f4f',
          mchid: '1900000109',
          transactionId: d.transactionId,
          outTradeNo: d.outTradeNo,
          openid: 'o1',
          tradeState: d.refunded ? 'REFUND' : 'SUCCESS',
          amountFen: d.amountFen,
          settlementFen: d.amountFen,
          refundFen: d.refunded ? d.refundFen : 0,
          refundId: d.refunded ? '5030001' : undefined,
          outRefundNo: d.refunded ? `F${d.outTradeNo}` : undefined,
          refundStatus: d.refunded ? 'SUCCESS' : undefined,
          description: d.description,
          attach: undefined,
        }));
        expect(parseTradeBill(formatTradeBill(rows))).toEqual(rows);
      }),
      { numRuns: 40 },
    );
  });
});

describe('parseYuanToFen', () => {
  it('turns yuan strings into integer fen without floats', () => {
    expect(parseYuanToFen('0.01')).toBe(1);
    expect(parseYuanToFen('0.1')).toBe(10);
    expect(parseYuanToFen('1.5')).toBe(150);
    expect(parseYuanToFen('100')).toBe(10_000);
    expect(parseYuanToFen('12.340')).toBe(1234);
    expect(parseYuanToFen('0.00')).toBe(0);
    // 0.29 * 100 is 28.999999999999996 in floating point; here it is 29.
    expect(parseYuanToFen('0.29')).toBe(29);
    expect(parseYuanToFen('90071992547409.91')).toBe(9_007_199_254_740_991);
  });

  it('refuses fractions of a fen, signs, exponents and junk', () => {
    for (const text of ['0.001', '-1.00', '1e3', '', '.5', '1.', '1,000.00', ' 1.00', '90071992547409.92']) {
      expect(() => parseYuanToFen(text), text).toThrow(expect.objectContaining({ code: 'wechatpay.bad_bill' }));
    }
  });

  it('reads back every amount the money module formats (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (fen) => parseYuanToFen(formatFenAsYuan(fen)) === fen));
  });
});
