import { describe, expect, it } from 'vitest';
import { axisQuantity, bucketLabel, usageChartOption } from './usage-chart-option';

describe('usageChartOption', () => {
  it('keeps the integers of the route in the series and formats only labels', () => {
    const option = usageChartOption(
      { meterId: 'W-1', unit: 'L', granularity: 'day', buckets: [{ start: '2026-12-01', quantity: 1250, costFen: 431 }, { start: '2026-12-02', quantity: 0, costFen: 0 }], total: { quantity: 1250, costFen: 431 } },
      { quantity: '用量', cost: '费用', yuan: '元' },
    ) as { series: { name: string; data: number[]; tooltip: { valueFormatter: (v: unknown) => string } }[]; xAxis: { data: string[] } };
    expect(option.series.map((series) => series.data)).toEqual([[1250, 0], [431, 0]]);
    expect(option.series.map((series) => series.name)).toEqual(['用量 (m³)', '费用 (元)']);
    expect(option.xAxis.data).toEqual(['12-01', '12-02']);
    expect(option.series[0]!.tooltip.valueFormatter(1250)).toBe('1.25 m³');
    expect(option.series[1]!.tooltip.valueFormatter(431)).toBe('¥4.31');
    expect(option.series[1]!.tooltip.valueFormatter(12.5)).toBe('');
  });

  it('labels hours, days and months, and quantities in kWh or m³', () => {
    expect(bucketLabel('2026-12-01T08', 'hour')).toBe('08:00');
    expect(bucketLabel('2026-12', 'month')).toBe('2026-12');
    expect([0, 1000, 1500, 125, 2_000_000].map(axisQuantity)).toEqual(['0', '1', '1.5', '0.125', '2000']);
  });
});
