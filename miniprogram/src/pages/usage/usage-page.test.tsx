import { render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, ok } from '../../test/fake-api';
import { aMeter } from '../../test/meters';
import { tenantRoutes } from '../../test/tenant-api';
import UsagePage from './index';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('UsagePage', () => {
  it('shows each last reading in kWh or m³, or that none arrived yet', async () => {
    fakeApi(
      tenantRoutes([
        aMeter({ id: 'E-1', lastReading: { value: 1234560, unit: 'Wh', at: '2025-11-20T00:30:00Z' } }),
        aMeter({ id: 'W-1', utility: 'water', lastReading: { value: 12345, unit: 'L', at: '2025-11-20T08:00:00+08:00' } }),
        aMeter({ id: 'E-2', lastReading: null }),
      ], {
        'GET /v1/meters/E-1/readings?limit=5': () => ok({ items: [], next: null }),
        'GET /v1/meters/W-1/readings?limit=5': () => ok({ items: [], next: null }),
      }),
    );

    const { container } = render(<UsagePage />);

    await waitFor(() => expect(container.querySelector('#usage-list')).not.toBeNull());
    expect(container.querySelector('#usage-E-1 .usage-reading')?.textContent).toBe('1234.56 kWh');
    expect(container.querySelector('#usage-E-1 .usage-time')?.textContent).toBe('2025-11-20 08:30');
    expect(container.querySelector('#usage-W-1 .usage-reading')?.textContent).toBe('12.345 m³');
    expect(container.querySelector('#usage-E-2 .usage-reading')).toBeNull();
    expect(container.querySelector('#usage-E-2 .usage-empty')?.textContent).toBe('暂无读数');
  });

  it("lists a meter's latest readings with when each was taken and when it arrived, marking stored ones sent later", async () => {
    const reading = (value: number, at: string, receivedAt: string, status: string) => ({ at, receivedAt, value, unit: 'Wh', status });
    fakeApi(
      tenantRoutes([aMeter({ id: 'E-1' })], {
        'GET /v1/meters/E-1/readings?limit=5': () =>
          ok({
            items: [
              reading(1_236_000, '2025-11-20T02:00:00Z', '2025-11-20T02:00:07Z', 'billed'),
              reading(1_235_000, '2025-11-19T22:00:00Z', '2025-11-20T02:00:05Z', 'billed'),
            ],
            next: null,
          }),
      }),
    );

    const { container } = render(<UsagePage />);

    await waitFor(() => expect(container.querySelectorAll('#readings-E-1 .reading-item')).toHaveLength(2));
    const [fresh, backfilled] = [...container.querySelectorAll('#readings-E-1 .reading-item')];
    expect(fresh?.querySelector('.reading-value')?.textContent).toBe('1236.00 kWh');
    expect(fresh?.querySelector('.reading-status')?.textContent).toBe('已计费');
    expect(fresh?.querySelector('.reading-times')?.textContent).toBe('抄表 11-20 10:00 · 到达 11-20 10:00');
    expect(backfilled?.querySelector('.reading-times')?.textContent).toBe('抄表 11-20 06:00 · 到达 11-20 10:00（补传）');
  });
});
