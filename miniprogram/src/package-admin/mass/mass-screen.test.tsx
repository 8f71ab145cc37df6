import { fireEvent, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, ok } from '../../test/fake-api';
import { staffRoutes } from '../../test/staff-api';
import { MassScreen } from './mass-screen';

const $ = (selector: string) => document.querySelector(selector);
type Action = { id: string; status: string; requestedBy: string; applied: string[]; decidedBy?: string } & Record<string, unknown>;
const action = (id: string, requestedBy: string, status = 'awaiting_approval'): Action => ({ id, buildingId: 'B-1', action: 'keep_on', reason: '春节保电', until: '2026-02-24T16:00:00Z', status, requestedBy, createdAt: '2026-02-10T02:00:00Z', applied: [] });

afterEach(() => vi.restoreAllMocks());

describe('MassScreen', () => {
  it('asks for a keep-on with an end time and a reason; one’s own request waits for another manager, another’s can be approved', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    let items: Action[] = [action('m1', 'user:boss-2')];
    const { seen } = fakeApi(
      staffRoutes({
        'GET /v1/admin/buildings/B-1/mass-actions?limit=20': () => ok({ items, next: null }),
        'POST /v1/admin/buildings/B-1/mass-actions': () => {
          items = [action('m2', 'user:boss-1'), ...items];
          return { statusCode: 201, data: items[0] };
        },
        'POST /v1/admin/mass-actions/m1/approve': () => {
          items = items.map((item) => (item.id === 'm1' ? { ...item, status: 'active', decidedBy: 'user:boss-1', applied: ['E-1', 'E-2'] } : item));
          return ok(items[1]);
        },
      }),
    );
    render(<MassScreen buildingId='B-1' />);
    await waitFor(() => expect($('#mass-m1-approve')).not.toBeNull());
    fireEvent.click($('#mass-ask')!);
    await waitFor(() => expect($('#mass-outcome')?.textContent).toBe('原因（必填）'));
    fireEvent.click($('#mass-days-7')!);
    fireEvent.input($('#mass-reason input') ?? $('#mass-reason')!, { target: { value: '高温保电' } });
    const before = Date.now();
    fireEvent.click($('#mass-ask')!);
    await waitFor(() => expect($('#mass-m2')?.textContent).toContain('等待另一位管理员审批'));
    const body = seen.find((request) => request.method === 'POST' && request.url.endsWith('/mass-actions'))!.data as { until: string; reason: string };
    expect(body.reason).toBe('高温保电');
    expect(Date.parse(body.until) - before).toBeGreaterThanOrEqual(7 * 86_400_000 - 1_000);
    expect($('#mass-m2-approve')).toBeNull();

    fireEvent.click($('#mass-m1-approve')!);
    await waitFor(() => expect($('#mass-m1')?.getAttribute('data-status')).toBe('active'));
    expect($('#mass-m1')?.textContent).toContain('2 块表已保电');
    // Who asked and who approved, by name.
    expect($('#mass-m1')?.textContent).toContain('李主管');
    expect($('#mass-m1')?.textContent).toContain('王经理（我）');
    expect($('#mass-m1-end')).not.toBeNull();
  });
});
