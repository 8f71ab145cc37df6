import { fireEvent, render, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fail, fakeApi, ok } from '../../test/fake-api';
import { aMeter } from '../../test/meters';
import { staffRoutes } from '../../test/staff-api';
import { MetersScreen } from './meters-screen';

const $ = (selector: string) => document.querySelector(selector);
const CUT = { ...aMeter({ id: 'E-2', room: '302', supply: 'off', balanceFen: -120 }), openAlarms: ['supply_cut', 'communication_lost'] };
const FINE = { ...aMeter({ id: 'E-1', room: '301' }), openAlarms: [] };

describe('MetersScreen', () => {
  it('filters by state, searches by room, and pages on', async () => {
    const { seen } = fakeApi(
      staffRoutes({
        'GET /v1/admin/meters?limit=20': () => ok({ items: [FINE], next: 'E-1' }),
        'GET /v1/admin/meters?limit=20&cursor=E-1': () => ok({ items: [CUT], next: null }),
        'GET /v1/admin/meters?limit=20&filter=cut': () => ok({ items: [CUT], next: null }),
        'GET /v1/admin/meters?limit=20&filter=cut&q=302': () => ok({ items: [CUT], next: null }),
        'GET /v1/admin/meters?limit=20&filter=cut&q=999': () => ok({ items: [], next: null }),
      }),
    );
    render(<MetersScreen />);
    await waitFor(() => expect($('#admin-meter-E-1')).not.toBeNull());
    fireEvent.click($('#admin-meters-more')!);
    await waitFor(() => expect($('#admin-meter-E-2')).not.toBeNull());
    expect($('#admin-meter-E-2')?.textContent).toContain('-¥1.20');
    expect($('#admin-meter-E-2')?.textContent).toContain('2 条告警');
    expect($('#admin-meter-E-2')?.textContent).toContain('已断电');

    fireEvent.click($('#filter-cut')!);
    await waitFor(() => expect($('#admin-meter-E-1')).toBeNull());
    expect($('#filter-cut')?.className).toContain('is-active');
    const search = $('#meter-search input') ?? $('#meter-search')!;
    fireEvent.input(search, { target: { value: '999' } });
    fireEvent.click($('#meter-search-button')!);
    await waitFor(() => expect($('#admin-meters-empty')?.textContent).toBe('没有符合条件的表计'));
    expect(seen.map((request) => request.url)).toContain('/v1/admin/meters?limit=20&filter=cut&q=999');
  });

  it('opens on the filter it is given (from the overview), and shows a failure', async () => {
    fakeApi(staffRoutes({ 'GET /v1/admin/meters?limit=20&buildingId=B-1&filter=arrears': () => fail(503, 'store.unavailable', 'down') }));
    render(<MetersScreen initialFilter='arrears' buildingId='B-1' />);
    await waitFor(() => expect($('.api-error .error-code')?.textContent).toBe('store.unavailable'));
    expect($('#filter-arrears')?.className).toContain('is-active');
  });
});
