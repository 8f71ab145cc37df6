import { act, render, waitFor } from '@testing-library/react';
import { Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { getHealth } from '../api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { queryClient } from '../data';
import { fakeApi, fail, ok } from '../test/fake-api';
import { aMeter } from '../test/meters';
import { tenantRoutes } from '../test/tenant-api';
import { useMyMeters } from './use-my-meters';
import { useRemote } from './use-remote';
import { useSession } from './use-session';

afterEach(() => {
  vi.restoreAllMocks();
  window.localStorage.clear();
});

/** A component showing the balance of the tenant's first meter, as several parts of a page may. */
function FirstBalance({ id }: { id: string }) {
  const meters = useMyMeters(useSession());
  return <Text id={id}>{meters.status === 'ready' ? String(meters.data.items[0]?.balanceFen) : meters.status}</Text>;
}

/** The API's health, read through the data layer. */
function Health() {
  const health = useRemote(['test-health'], getHealth);
  return <Text id='health'>{health.status}</Text>;
}

describe('the data layer', () => {
  it('tries a read that got no answer twice more (1 s, then 2 s later) before showing the error', async () => {
    const request = vi.spyOn(Taro, 'request').mockRejectedValue(new TypeError('Failed to fetch'));
    const { container } = render(<Health />);
    await waitFor(() => expect(container.querySelector('#health')?.textContent).toBe('error'), { timeout: 6_000 });
    expect(request).toHaveBeenCalledTimes(3);
  }, 10_000);

  it('shows an answered error at once: asking again would not change it', async () => {
    const { seen } = fakeApi({ 'GET /v1/health': () => fail(503, 'store.unavailable', 'The table is not ready') });
    const { container } = render(<Health />);
    await waitFor(() => expect(container.querySelector('#health')?.textContent).toBe('error'));
    expect(seen).toHaveLength(1);
  });

  it('makes one request for two readers of the same data, and serves the second from it', async () => {
    const { seen } = fakeApi(tenantRoutes([aMeter({ id: 'E-1', balanceFen: 100 })]));
    const { container } = render(
      <>
        <FirstBalance id='a' />
        <FirstBalance id='b' />
      </>,
    );
    await waitFor(() => expect(container.querySelector('#b')?.textContent).toBe('100'));
    expect(container.querySelector('#a')?.textContent).toBe('100');
    expect(seen.filter((request) => request.url.endsWith('/v1/me/meters'))).toHaveLength(1);
  });

  it('fetches again what a change invalidated (a recharge), and shows the new answer', async () => {
    let balanceFen = 100;
    const { seen } = fakeApi(tenantRoutes([], { 'GET /v1/me/meters': () => ok({ items: [aMeter({ id: 'E-1', balanceFen })], next: null }) }));
    const { container } = render(<FirstBalance id='a' />);
    await waitFor(() => expect(container.querySelector('#a')?.textContent).toBe('100'));
    balanceFen = 5_100;
    await act(() => queryClient.invalidateQueries({ queryKey: ['user'] }));
    await waitFor(() => expect(container.querySelector('#a')?.textContent).toBe('5100'));
    expect(seen.filter((request) => request.url.endsWith('/v1/me/meters'))).toHaveLength(2);
  });
});
