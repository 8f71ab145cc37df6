import { formatFenAsYuan, type UsageView } from '@prepaid/shared';
import type { ChartOption } from './echarts-setup';

/** The label of a bucket on the x axis: `08:00`, `12-01`, `2026-12` (the same in either language). */
export function bucketLabel(start: string, granularity: UsageView['granularity']): string {
  if (granularity === 'hour') return `${start.slice(11, 13)}:00`;
  if (granularity === 'day') return start.slice(5);
  return start;
}

/** Base units on an axis: kWh or m³, trimmed (`1.5`, `0.125`); the series stay integers of Wh or L. */
export function axisQuantity(value: number): string {
  if (!Number.isInteger(value)) return '';
  const whole = Math.trunc(value / 1000);
  const rest = String(Math.abs(value % 1000)).padStart(3, '0').replace(/0+$/, '');
  return rest ? `${whole}.${rest}` : String(whole);
}

export interface ChartLabels {
  readonly quantity: string;
  readonly cost: string;
  /** The currency's unit on the cost axis: 元, yuan. */
  readonly yuan: string;
}

/**
 * The chart of one usage answer: bars of quantity (integers of Wh or L, shown
 * in kWh or m³) and a line of cost (integers of fen, shown in yuan) on a
 * second axis. The series carry the route's integers unchanged: the axis
 * labels and tooltip do the formatting, so no float ever stands for money.
 */
export function usageChartOption(usage: UsageView, labels: ChartLabels): ChartOption {
  const unit = usage.unit === 'Wh' ? 'kWh' : 'm³';
  const fen = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) ? `¥${formatFenAsYuan(value)}` : '');
  return {
    animation: false,
    grid: { left: 48, right: 52, top: 36, bottom: 28 },
    legend: { top: 0, data: [`${labels.quantity} (${unit})`, `${labels.cost} (${labels.yuan})`] },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: usage.buckets.map((bucket) => bucketLabel(bucket.start, usage.granularity)) },
    yAxis: [
      { type: 'value', minInterval: 1, axisLabel: { formatter: axisQuantity } },
      { type: 'value', minInterval: 1, axisLabel: { formatter: fen }, splitLine: { show: false } },
    ],
    series: [
      { name: `${labels.quantity} (${unit})`, type: 'bar', data: usage.buckets.map((bucket) => bucket.quantity), tooltip: { valueFormatter: (value: unknown) => (typeof value === 'number' ? `${axisQuantity(value)} ${unit}` : '') }, itemStyle: { color: usage.unit === 'Wh' ? '#f0a020' : '#3b82f6' } },
      { name: `${labels.cost} (${labels.yuan})`, type: 'line', yAxisIndex: 1, data: usage.buckets.map((bucket) => bucket.costFen), tooltip: { valueFormatter: fen }, itemStyle: { color: '#06864a' }, symbolSize: 4 },
    ],
  };
}
