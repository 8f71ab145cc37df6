import { act, fireEvent, render, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fake-api';
import { roleRoutes } from '../../test/role-api';
import MePage from './index';

describe('MePage', () => {
  it('shows who is logged in, switches the demo user and logs out', async () => {
    window.localStorage.clear();
    const { seen } = fakeApi(roleRoutes());
    const { container } = render(<MePage />);
    await waitFor(() => expect(container.querySelector('#me-openid')?.textContent).toBe('demo-tenant-1'));
    expect(container.querySelector('#me-roles')?.textContent).toBe('租户');
    await waitFor(() => expect(container.querySelector('#health-status')?.getAttribute('data-status')).toBe('ok'));
    expect(container.querySelector('#health-status')?.textContent).toBe('正常');

    const input = container.querySelector('#demo-openid-input input') ?? container.querySelector('#demo-openid-input');
    fireEvent.input(input as Element, { target: { value: 'boss-2' } });
    await act(async () => {
      fireEvent.click(container.querySelector('#demo-switch-button') as Element);
    });

    await waitFor(() => expect(container.querySelector('#me-openid')?.textContent).toBe('boss-2'));
    expect(seen.filter((r) => r.url === '/v1/auth/login').map((r) => r.data)).toEqual([
      { code: 'local:demo-tenant-1' },
      { code: 'local:boss-2' },
    ]);
    expect(container.querySelector('#tab-manager')).not.toBeNull();

    fireEvent.click(container.querySelector('#logout-button') as Element);

    expect(container.querySelector('#signed-out')).not.toBeNull();
    expect(container.querySelector('#login-button')).not.toBeNull();
    expect(container.querySelector('#me-openid')).toBeNull();
  });
});
