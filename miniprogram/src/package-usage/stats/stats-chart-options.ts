import { formatFenAsYuan, type StatisticsView } from '@prepaid/shared';
import type { ChartOption } from '../charts/echarts-setup';

export interface StatsLabels {
  readonly wechat: string;
  readonly cash: string;
  readonly bank: string;
  readonly recharge: string;
  readonly refund: string;
  readonly consumption: string;
}

/** Fen on an axis or in a tooltip, as yuan: the series stay integers of fen, so no float stands for money. */
const yuan = (value: unknown): string => (typeof value === 'number' && Number.isInteger(value) ? `¥${formatFenAsYuan(value)}` : '');

/** An axis tick of fen in whole yuan (`¥3000`, `¥12k` from ¥10,000 up): ticks are round numbers, the tooltip gives the exact amount. */
export const yuanTick = (value: unknown): string => {
  if (typeof value !== 'number' || !Number.isInteger(value)) return '';
  const whole = Math.trunc(value / 100);
  return Math.abs(whole) >= 10_000 ? `¥${Math.trunc(whole / 1_000)}k` : `¥${whole}`;
};

/** `2026-12-01` → `12-01`; a month or a year as it is. */
export const periodLabel = (period: string): string => (period.length === 10 ? period.slice(5) : period);

/** Recharges of each period, stacked by channel (WeChat Pay, cash, bank transfer). */
export function channelChartOption(view: StatisticsView, labels: StatsLabels): ChartOption {
  const series = [
    { name: labels.wechat, pick: (p: StatisticsView['series'][number]) => p.recharge.byChannel.wechat.fen, color: '#06864a' },
    { name: labels.cash, pick: (p: StatisticsView['series'][number]) => p.recharge.byChannel.cash.fen, color: '#d4880a' },
    { name: labels.bank, pick: (p: StatisticsView['series'][number]) => p.recharge.byChannel.bank_transfer.fen, color: '#3b82f6' },
  ];
  return {
    animation: false,
    grid: { left: 56, right: 16, top: 36, bottom: 28 },
    legend: { top: 0, data: series.map((s) => s.name) },
    tooltip: { trigger: 'axis', valueFormatter: yuan },
    xAxis: { type: 'category', data: view.series.map((p) => periodLabel(p.period)) },
    yAxis: { type: 'value', minInterval: 100, axisLabel: { formatter: yuanTick } },
    series: series.map((s) => ({ name: s.name, type: 'bar', stack: 'recharge', data: view.series.map(s.pick), itemStyle: { color: s.color } })),
  };
}

/** Per building: recharges, refunds and billed consumption, side by side. */
export function buildingChartOption(view: StatisticsView, labels: StatsLabels): ChartOption {
  const names = view.buildings.map((b) => b.name);
  return {
    animation: false,
    grid: { left: 96, right: 28, top: 36, bottom: 24 },
    legend: { top: 0, data: [labels.recharge, labels.refund, labels.consumption] },
    tooltip: { trigger: 'axis', valueFormatter: yuan },
    xAxis: { type: 'value', minInterval: 100, splitNumber: 3, axisLabel: { formatter: yuanTick } },
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 84, overflow: 'break' } },
    series: [
      { name: labels.recharge, type: 'bar', data: view.buildings.map((b) => b.recharge.fen), itemStyle: { color: '#06864a' } },
      { name: labels.refund, type: 'bar', data: view.buildings.map((b) => b.refund.fen), itemStyle: { color: '#a1261f' } },
      { name: labels.consumption, type: 'bar', data: view.buildings.map((b) => b.consumption.electricity.fen + b.consumption.water.fen), itemStyle: { color: '#d4880a' } },
    ],
  };
}
