import { act, render, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { switchDemoUser } from '../../session';
import { fail, fakeApi, ok } from '../../test/fake-api';
import { roleRoutes } from '../../test/role-api';
import ManagerPage from './index';

const BUILDING = {
  id: 'B-1', name: '幸福里 A 栋', meters: 40, lowBalance: 3, arrears: 2, cut: 1, keepOn: 0, offline: 4, withAlarms: 5, openAlarms: 7,
  today: { rechargeCount: 6, rechargeFen: 30_000, refundCount: 1, refundFen: 1_500, electricityWh: 123_400, waterL: 5_600, consumptionFen: 9_876 },
};

describe('ManagerPage', () => {
  it('turns a tenant away with the way in by invitation, and shows a manager the buildings by state and today', async () => {
    window.localStorage.clear();
    fakeApi({ ...roleRoutes(), 'GET /v1/admin/overview': () => ok({ day: '2026-12-02', buildings: [BUILDING] }) });
    const { container } = render(<ManagerPage />);
    await waitFor(() => expect(container.querySelector('#manager-forbidden')).not.toBeNull());
    expect(container.querySelector('#manager-invite')?.textContent).toContain('邀请码');
    expect(container.querySelector('#tab-manager')).toBeNull();

    await act(() => switchDemoUser('boss-1'));
    await waitFor(() => expect(container.querySelector('#building-B-1')).not.toBeNull());
    expect(container.querySelector('#tab-manager')?.className).toContain('is-active');
    expect(container.querySelector('#state-B-1-cut')?.textContent).toBe('1已断供');
    expect(container.querySelector('#state-B-1-cut')?.className).toContain('is-alert');
    expect(container.querySelector('#state-B-1-keep_on')?.className).not.toContain('is-alert');
    expect(container.querySelector('#state-B-1-alarm')?.textContent).toBe('5有告警');
    expect(container.querySelector('#today-B-1')?.textContent).toContain('充值 6 笔，¥300.00');
    expect(container.querySelector('#today-B-1')?.textContent).toContain('用电 123.40 kWh · 用水 5.600 m³ · 电水费 ¥98.76');
  });

  it('says when no building is assigned', async () => {
    window.localStorage.clear();
    fakeApi({ ...roleRoutes(), 'GET /v1/admin/overview': () => ok({ day: '2026-12-02', buildings: [] }) });
    await act(() => switchDemoUser('boss-2'));
    const { container } = render(<ManagerPage />);
    await waitFor(() => expect(container.querySelector('#overview-empty')).not.toBeNull());
  });

  it('shows a failure with a retry that asks again', async () => {
    window.localStorage.clear();
    let answer = fail(503, 'store.unavailable', 'down');
    fakeApi({ ...roleRoutes(), 'GET /v1/admin/overview': () => answer });
    await act(() => switchDemoUser('boss-3'));
    const { container } = render(<ManagerPage />);
    await waitFor(() => expect(container.querySelector('.api-error .error-code')?.textContent).toBe('store.unavailable'));
    answer = ok({ day: '2026-12-02', buildings: [BUILDING] });
    act(() => (container.querySelector('#retry-button') as HTMLElement).click());
    await waitFor(() => expect(container.querySelector('#building-B-1')).not.toBeNull());
  });
});
