import { describe, expect, it } from 'vitest';
import type { StatisticsFigures, StatisticsView } from '@prepaid/shared';
import { buildingChartOption, channelChartOption, periodLabel, yuanTick } from './stats-chart-options';

const pair = (fen: number) => ({ count: fen > 0 ? 1 : 0, fen });
const figures = (wechat: number, cash: number, bank: number, refund = 0, charged = 0): StatisticsFigures => ({
  recharge: { ...pair(wechat + cash + bank), byChannel: { wechat: pair(wechat), cash: pair(cash), bank_transfer: pair(bank) } },
  refund: { ...pair(refund), byMethod: { wechat: pair(0), cash: pair(refund) } },
  adjustment: pair(0),
  reversal: pair(0),
  consumption: { electricity: { quantity: 1_000, fen: charged, charges: 1 }, water: { quantity: 0, fen: 0, charges: 0 } },
  netIncomeFen: wechat + cash + bank - refund,
});
const labels = { wechat: '微信支付', cash: '现金', bank: '银行转账', recharge: '充值', refund: '退款', consumption: '用量扣费' };
const view: StatisticsView = {
  grain: 'day',
  from: '2026-12-01',
  to: '2026-12-02',
  totals: figures(1_000, 234, 50_000, 300, 77),
  series: [{ period: '2026-12-01', ...figures(1_000, 0, 50_000) }, { period: '2026-12-02', ...figures(0, 234, 0, 300, 77) }],
  buildings: [{ buildingId: 'B-1', name: '一栋', ...figures(1_000, 234, 50_000, 300, 77) }],
};

describe('statistics chart options', () => {
  it('stacks each period’s recharges by channel, in integers of fen', () => {
    const option = channelChartOption(view, labels) as { xAxis: { data: string[] }; series: { name: string; stack: string; data: number[] }[] };
    expect(option.xAxis.data).toEqual(['12-01', '12-02']);
    expect(option.series.map((s) => [s.name, s.stack, s.data])).toEqual([
      ['微信支付', 'recharge', [1_000, 0]],
      ['现金', 'recharge', [0, 234]],
      ['银行转账', 'recharge', [50_000, 0]],
    ]);
  });

  it('sets buildings side by side: recharges, refunds, billed use', () => {
    const option = buildingChartOption(view, labels) as { yAxis: { data: string[] }; series: { data: number[] }[] };
    expect(option.yAxis.data).toEqual(['一栋']);
    expect(option.series.map((s) => s.data)).toEqual([[51_234], [300], [77]]);
  });

  it('ticks axes in whole yuan, thousands from ¥10,000', () => {
    expect([yuanTick(0), yuanTick(350_000), yuanTick(1_250_000), yuanTick(12.5)]).toEqual(['¥0', '¥3500', '¥12k', '']);
  });

  it('labels days by month and day, months and years as they are', () => {
    expect([periodLabel('2026-12-01'), periodLabel('2026-12'), periodLabel('2026')]).toEqual(['12-01', '2026-12', '2026']);
  });
});
