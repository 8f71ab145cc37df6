import { fireEvent, render, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, ok } from '../../test/fake-api';
import { staffRoutes } from '../../test/staff-api';
import { AlarmsScreen } from './alarms-screen';

const $ = (selector: string) => document.querySelector(selector);

describe('AlarmsScreen', () => {
  it('shows repeated alarms once with their count and times, and acknowledges one', async () => {
    let open = [
      { meterId: 'W-1', kind: 'night_flow', severity: 'warning', message: '夜间持续用水 0.30 m³', details: {}, raisedAt: '2026-11-30T18:00:00Z', lastSeenAt: '2026-12-01T18:00:00Z', count: 2, status: 'open' },
    ];
    const { seen } = fakeApi(
      staffRoutes({
        'GET /v1/admin/alarms?limit=20': () => ok({ items: open, next: null }),
        'POST /v1/admin/meters/W-1/alarms/night_flow/ack': () => {
          open = [];
          return ok({});
        },
      }),
    );
    render(<AlarmsScreen />);
    await waitFor(() => expect($('#alarm-W-1-night_flow')).not.toBeNull());
    expect($('#alarm-W-1-night_flow')?.textContent).toContain('夜间持续用水');
    expect($('#alarm-W-1-night_flow')?.textContent).toContain('2 次 · 首次 2026-12-01 02:00 · 最近 2026-12-02 02:00');
    fireEvent.click($('#ack-W-1-night_flow')!);
    await waitFor(() => expect($('#admin-alarms-empty')).not.toBeNull());
    expect(seen.some((request) => request.method === 'POST' && request.url === '/v1/admin/meters/W-1/alarms/night_flow/ack')).toBe(true);
  });
});
