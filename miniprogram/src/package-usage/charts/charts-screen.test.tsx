import { fireEvent, render, waitFor } from '@testing-library/react';
import type { UsageInsightsView, UsageView } from '@prepaid/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../i18n';
import { fail, fakeApi, ok, type FakeRoutes } from '../../test/fake-api';
import { aMeter } from '../../test/meters';
import { tenantRoutes } from '../../test/tenant-api';
import { ChartsScreen } from './charts-screen';
import { rangesOf, type UsageRange } from './periods';

// The chart itself draws on a canvas jsdom does not have (the browser test draws it for real): here it shows the option it was given.
vi.mock('./echart', () => ({
  EChart: ({ id, option, label }: { id: string; option: { series: { data: number[] }[]; xAxis: { data: string[] } }; label: string }) => (
    <div id={id} aria-label={label} data-series={JSON.stringify(option.series.map((series) => series.data))} data-x={JSON.stringify(option.xAxis.data)} />
  ),
}));

const NOW = new Date('2026-12-02T04:00:00Z');
const METER = aMeter({ id: 'E-1', utility: 'electricity' });
const $ = (selector: string) => document.querySelector(selector);
const url = (range: UsageRange) => `GET /v1/meters/E-1/usage?granularity=${range.granularity}&from=${range.from}&to=${range.to}`;

function usage(range: UsageRange, quantities: number[], costs: number[]): UsageView {
  const starts = quantities.map((_, i) => (range.granularity === 'hour' ? `${range.from}T${String(i).padStart(2, '0')}` : `${range.from}#${i}`));
  return {
    meterId: 'E-1',
    unit: 'Wh',
    granularity: range.granularity,
    buckets: starts.map((start, i) => ({ start, quantity: quantities[i]!, costFen: costs[i]! })),
    total: { quantity: quantities.reduce((a, b) => a + b, 0), costFen: costs.reduce((a, b) => a + b, 0) },
  };
}

const INSIGHTS: UsageInsightsView = {
  meterId: 'E-1',
  unit: 'Wh',
  thisMonth: { month: '2026-12', quantity: 12_500, costFen: 610 },
  lastMonth: { month: '2026-11', quantity: 250_000, costFen: 12_208, averagePrice: '0.4883' },
  forecast: { quantity: 193_750, costFen: 9_455 },
  tier: { cycle: 'month', used: 250_500, current: 2, toNext: 149_500, tiers: [{ upTo: 240_000, price: '0.4883' }, { upTo: 400_000, price: '0.5383' }, { upTo: null, price: '0.7883' }] },
  tou: null,
  tips: [{ kind: 'standby', watts: 130, kwhPerMonth: 94 }],
};

function world(overrides: FakeRoutes = {}) {
  const week = rangesOf('week', NOW);
  return fakeApi(
    tenantRoutes([METER], {
      'GET /v1/meters/E-1': () => ok(METER),
      [url(week.current)]: () => ok(usage(week.current, [1000, 2000, 0, 500, 0, 0, 1500], [49, 98, 0, 24, 0, 0, 73])),
      [url(week.previous)]: () => ok(usage(week.previous, [1000, 1000, 0, 0, 0, 1000, 0], [49, 49, 0, 0, 0, 49, 0])),
      'GET /v1/meters/E-1/usage/insights': () => ok(INSIGHTS),
      ...overrides,
    }),
  );
}

afterEach(() => {
  setLanguage('zh');
  vi.restoreAllMocks();
});

describe('ChartsScreen', () => {
  it("draws the last 7 days' quantities and costs as the route gave them, with the total against the week before", async () => {
    world();
    render(<ChartsScreen meterId='E-1' now={NOW} />);
    await waitFor(() => expect($('#usage-chart')).not.toBeNull());
    expect(JSON.parse($('#usage-chart')!.getAttribute('data-series')!)).toEqual([
      [1000, 2000, 0, 500, 0, 0, 1500],
      [49, 98, 0, 24, 0, 0, 73],
    ]);
    expect($('#usage-total')?.textContent).toBe('本期用量 5.00 kWh · 费用 ¥2.44');
    await waitFor(() => expect($('#usage-change')?.textContent).toBe('比上期 +67%'));
    expect($('#usage-chart')?.getAttribute('aria-label')).toBe('7天用量柱状图与费用折线图');
  });

  it('shows the month, forecast, price, tier progress and tips', async () => {
    world();
    render(<ChartsScreen meterId='E-1' now={NOW} />);
    await waitFor(() => expect($('#insights')).not.toBeNull());
    expect($('#this-month')?.textContent).toBe('12.50 kWh');
    expect($('#forecast')?.textContent).toBe('193.75 kWh');
    expect($('#last-month-price')?.textContent).toBe('0.4883 元/kWh');
    expect($('#tier-progress .tier-now')?.textContent).toBe('第 2 档 · 0.5383 元/kWh');
    expect($('#tier-to-next')?.textContent).toBe('再用 149.50 kWh 进入第 3 档（0.7883 元/kWh）');
    expect($('#usage-tips')?.textContent).toContain('用电从未低于 130 瓦');
  });

  it('asks for 36 months by month when 3 years is chosen', async () => {
    const years = rangesOf('years', NOW);
    const { seen } = world({
      [url(years.current)]: () => ok({ ...usage(years.current, [5000, 0, 7000], [244, 0, 342]), granularity: 'month' }),
      [url(years.previous)]: () => ok({ ...usage(years.previous, [0, 0, 0], [0, 0, 0]), granularity: 'month' }),
    });
    render(<ChartsScreen meterId='E-1' now={NOW} />);
    await waitFor(() => expect($('#usage-chart')).not.toBeNull());
    fireEvent.click($('#span-years')!);
    await waitFor(() => expect(JSON.parse($('#usage-chart')!.getAttribute('data-series')!)).toEqual([[5000, 0, 7000], [244, 0, 342]]));
    expect(years.current).toEqual({ granularity: 'month', from: '2024-01', to: '2026-12' });
    expect(seen.some((request) => request.url === url(years.current).slice(4))).toBe(true);
    expect($('#usage-change')?.textContent).toBe('上期无用量，无法比较');
    expect($('#span-years')?.getAttribute('aria-selected')).toBe('true');
  });

  it('says when the usage cannot be read, with a retry, and keeps the rest of the page', async () => {
    world({ [url(rangesOf('week', NOW).current)]: () => fail(503, 'service.unavailable', 'down') });
    render(<ChartsScreen meterId='E-1' now={NOW} />);
    await waitFor(() => expect($('.api-error')).not.toBeNull());
    expect($('#usage-chart')).toBeNull();
    await waitFor(() => expect($('#tier-progress')).not.toBeNull());
  });

  it('speaks English when asked', async () => {
    setLanguage('en');
    world();
    render(<ChartsScreen meterId='E-1' now={NOW} />);
    await waitFor(() => expect($('#usage-total')?.textContent).toBe('This period 5.00 kWh · cost ¥2.44'));
    expect($('#span-week')?.textContent).toBe('7 days');
    await waitFor(() => expect($('#tier-to-next')?.textContent).toBe('149.50 kWh more until tier 3 (0.7883 yuan/kWh)'));
  });
});
