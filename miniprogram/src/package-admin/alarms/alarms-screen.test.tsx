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
        'GET /v1/admin/alarms?limit=20&status=open': () => ok({ items: open, next: null }),
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

  it('filters by status, kind and building, and says who closed an alarm and when', async () => {
    const closed = { meterId: 'E-7', kind: 'meter_fault', severity: 'critical', message: '表计故障', details: {}, raisedAt: '2026-11-30T18:00:00Z', count: 1, status: 'acknowledged', closedAt: '2026-12-01T02:00:00Z', closedBy: 'user:boss-1', note: '已派人检修' };
    const building = (id: string, name: string) => ({ id, name, meters: 1, lowBalance: 0, arrears: 0, cut: 0, keepOn: 0, offline: 0, withAlarms: 0, openAlarms: 0, today: { rechargeCount: 0, rechargeFen: 0, refundCount: 0, refundFen: 0, electricityWh: 0, waterL: 0, consumptionFen: 0 } });
    const { seen } = fakeApi(
      staffRoutes({
        'GET /v1/admin/overview': () => ok({ day: '2026-12-02', buildings: [building('bx', '幸福里 A 栋'), building('by', '幸福里 B 栋')] }),
        'GET /v1/admin/alarms?limit=20&status=open': () => ok({ items: [], next: null }),
        'GET /v1/admin/alarms?limit=20&status=acknowledged': () => ok({ items: [closed], next: null }),
        'GET /v1/admin/alarms?limit=20&status=acknowledged&kind=meter_fault': () => ok({ items: [closed], next: null }),
        'GET /v1/admin/alarms?limit=20&status=acknowledged&kind=meter_fault&buildingId=by': () => ok({ items: [], next: null }),
      }),
    );
    render(<AlarmsScreen />);
    await waitFor(() => expect($('#admin-alarms-empty')?.textContent).toBe('没有未处理的告警'));
    fireEvent.click($('#status-acknowledged')!);
    await waitFor(() => expect($('#alarm-E-7-meter_fault')).not.toBeNull());
    expect($('#alarm-E-7-meter_fault .alarm-closed')?.textContent).toBe('王经理（我） 于 2026-12-01 10:00 确认处理 · 已派人检修');
    expect($('#ack-E-7-meter_fault')).toBeNull();
    fireEvent.click($('#kind-meter_fault')!);
    await waitFor(() => expect(seen.some((request) => request.url.endsWith('kind=meter_fault'))).toBe(true));
    await waitFor(() => expect($('#building-filter-by')).not.toBeNull());
    fireEvent.click($('#building-filter-by')!);
    await waitFor(() => expect($('#admin-alarms-empty')?.textContent).toBe('没有已确认的告警'));
    expect($('#status-acknowledged')?.getAttribute('aria-pressed')).toBe('true');
  });
});
