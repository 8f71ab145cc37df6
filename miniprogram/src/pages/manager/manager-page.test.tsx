import { act, render, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { switchDemoUser } from '../../session';
import { fakeApi } from '../../test/fake-api';
import { roleRoutes } from '../../test/role-api';
import ManagerPage from './index';

describe('ManagerPage', () => {
  it('turns a tenant away, and opens with the manager tab for a manager', async () => {
    window.localStorage.clear();
    fakeApi(roleRoutes());
    const { container } = render(<ManagerPage />);

    await waitFor(() => expect(container.querySelector('#manager-forbidden')).not.toBeNull());
    expect(container.querySelector('#manager-summary')).toBeNull();
    expect(container.querySelector('#tab-manager')).toBeNull();

    await act(() => switchDemoUser('boss-1'));

    expect(container.querySelector('#manager-summary')).not.toBeNull();
    expect(container.querySelector('#manager-roles')?.textContent).toBe('tenant, manager');
    expect(container.querySelector('#tab-manager')?.className).toContain('is-active');
  });
});
