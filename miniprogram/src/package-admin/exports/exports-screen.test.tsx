import { fireEvent, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, ok } from '../../test/fake-api';
import { staffRoutes } from '../../test/staff-api';
import { ExportsScreen } from './exports-screen';

const $ = (selector: string) => document.querySelector(selector);
const job = (id: string, status: string, extra: Record<string, unknown> = {}) => ({ id, status, kind: 'ledger', format: 'xlsx', from: '2026-12-01', to: '2026-12-02', buildingId: null, createdAt: '2026-12-02T02:00:00Z', finishedAt: null, ...extra });
const overview = { day: '2026-12-02', buildings: ['B-1', 'B-2'].map((id) => ({ id, name: `${id} 栋`, meters: 1, lowBalance: 0, arrears: 0, cut: 0, keepOn: 0, offline: 0, withAlarms: 0, openAlarms: 0, today: { rechargeCount: 0, rechargeFen: 0, refundCount: 0, refundFen: 0, electricityWh: 0, waterL: 0, consumptionFen: 0 } })) };

afterEach(() => vi.restoreAllMocks());

describe('ExportsScreen', () => {
  it('asks for the chosen kind, span, building and format, follows the job while it runs, then offers its download with rows and total', async () => {
    let reads = 0;
    let items: ReturnType<typeof job>[] = [];
    const { seen } = fakeApi(
      staffRoutes({
        'GET /v1/admin/overview': () => ok(overview),
        'GET /v1/admin/exports?limit=10': () => {
          reads += 1;
          // Running on the first read after the start, done on the next.
          if (items[0]?.status === 'running' && reads > 2) items = [job('x1', 'done', { rows: 42, totalFen: 123_456, url: 'http://files.test/x1.csv', format: 'csv', kind: 'recharges' })];
          return ok({ items, next: null });
        },
        'POST /v1/admin/exports': () => {
          items = [job('x1', 'running', { format: 'csv', kind: 'recharges' })];
          return { statusCode: 202, data: { id: 'x1' } };
        },
      }),
    );
    render(<ExportsScreen initialPeriod='lastMonth' now={new Date('2026-12-02T04:00:00Z')} />);
    await waitFor(() => expect($('#export-list-empty')).not.toBeNull());
    expect($('#export-range')?.textContent).toContain('2026-11-01 至 2026-11-30');
    await waitFor(() => expect($('#export-building-B-2')).not.toBeNull());
    fireEvent.click($('#export-kind-recharges')!);
    fireEvent.click($('#export-building-B-2')!);
    fireEvent.click($('#export-format-csv')!);
    fireEvent.click($('#export-start')!);
    await waitFor(() => expect($('#export-x1')?.getAttribute('data-status')).toBe('running'));
    expect(seen.find((request) => request.method === 'POST' && request.url.endsWith('/v1/admin/exports'))?.data).toEqual({ kind: 'recharges', from: '2026-11-01', to: '2026-11-30', format: 'csv', buildingId: 'B-2' });
    await waitFor(() => expect($('#export-x1')?.getAttribute('data-status')).toBe('done'), { timeout: 5_000 });
    expect($('#export-rows-x1')?.textContent).toContain('42 行');
    expect($('#export-total-x1')?.textContent).toContain('¥1234.56');
    expect($('#export-download-x1')).not.toBeNull();
  });
});
