import { render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../test/fake-api';
import { aMeter } from '../../test/meters';
import { tenantRoutes } from '../../test/tenant-api';
import { pullDownRefresh } from '../../test/taro-h5-shim';
import HomePage from './index';

beforeEach(() => {
  window.localStorage.clear();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('HomePage', () => {
  it('shows a card per meter with its balance, and neither an openid nor the service health', async () => {
    fakeApi(
      tenantRoutes([
        aMeter({ id: 'E-1', balanceFen: 12345 }),
        aMeter({ id: 'W-1', utility: 'water', balanceFen: 5, supply: 'off' }),
      ]),
    );

    const { container } = render(<HomePage />);

    await waitFor(() => expect(container.querySelector('#meter-W-1')).not.toBeNull());
    expect(container.querySelector('#health-status')).toBeNull();
    expect(container.textContent).not.toContain('demo-tenant-1');
    expect(container.querySelector('#meter-E-1 .meter-balance')?.textContent).toBe('¥123.45');
    expect(container.querySelector('#meter-W-1 .meter-balance')?.textContent).toBe('¥0.05');
    expect(container.querySelector('#meter-W-1 .meter-supply')?.textContent).toBe('已关阀');
    expect(container.querySelector('#api-error')).toBeNull();
    expect(container.querySelector('#tab-manager')).toBeNull();
  });

  it('refreshes the balances when pulled down, and stops the refresh indicator', async () => {
    let balanceFen = 100;
    const { seen } = fakeApi(tenantRoutes([], { 'GET /v1/me/meters': () => ({ statusCode: 200, data: { items: [aMeter({ id: 'E-1', balanceFen })], next: null } }) }));
    const stop = vi.spyOn(Taro, 'stopPullDownRefresh').mockImplementation(() => undefined as never);
    const { container } = render(<HomePage />);
    await waitFor(() => expect(container.querySelector('#meter-E-1 .meter-balance')?.textContent).toBe('¥1.00'));

    balanceFen = 2_500;
    pullDownRefresh();

    await waitFor(() => expect(container.querySelector('#meter-E-1 .meter-balance')?.textContent).toBe('¥25.00'));
    await waitFor(() => expect(stop).toHaveBeenCalled());
    expect(seen.filter((request) => request.url === '/v1/me/meters')).toHaveLength(2);
  });

  it('asks a tenant without meters to scan the QR code', async () => {
    fakeApi(tenantRoutes([]));

    render(<HomePage />);

    expect(await screen.findByText('请用微信扫描表计上的二维码完成绑定。')).toBeTruthy();
    expect(document.querySelector('#no-meters')).not.toBeNull();
  });

  it('shows the code and message of a failed meters call', async () => {
    fakeApi(
      tenantRoutes([], {
        'GET /v1/me/meters': () => ({
          statusCode: 503,
          data: { error: { code: 'store.unavailable', message: 'The table is not ready' } },
        }),
      }),
    );

    render(<HomePage />);

    await waitFor(() => expect(document.querySelector('#api-error')).not.toBeNull());
    expect(document.querySelector('#api-error .error-code')?.textContent).toBe('store.unavailable');
    expect(document.querySelector('#api-error .error-message')?.textContent).toBe('The table is not ready');
    expect(document.querySelector('#no-meters')).toBeNull();
  });
});
