import { render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../test/fake-api';
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
      ]),
    );

    const { container } = render(<UsagePage />);

    await waitFor(() => expect(container.querySelector('#usage-list')).not.toBeNull());
    expect(container.querySelector('#usage-E-1 .usage-reading')?.textContent).toBe('1234.56 kWh');
    expect(container.querySelector('#usage-E-1 .usage-time')?.textContent).toBe('2025-11-20 08:30');
    expect(container.querySelector('#usage-W-1 .usage-reading')?.textContent).toBe('12.345 m³');
    expect(container.querySelector('#usage-E-2 .usage-reading')).toBeNull();
    expect(container.querySelector('#usage-E-2 .usage-empty')?.textContent).toContain('no readings yet');
  });
});
