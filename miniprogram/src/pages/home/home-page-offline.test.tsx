import { render, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { describe, expect, it, vi } from 'vitest';
import HomePage from './index';

describe('HomePage without an API', () => {
  it('shows the error state instead of meters when nothing answers, after retrying', async () => {
    vi.spyOn(Taro, 'request').mockRejectedValue(new TypeError('Failed to fetch'));

    const { container } = render(<HomePage />);

    // A read that gets no answer is tried twice more (1 s, then 2 s later) before the error shows.
    await waitFor(() => expect(container.querySelector('#health-status')?.textContent).toBe('error'), { timeout: 6_000 });
    const healthCalls = vi.mocked(Taro.request).mock.calls.filter(([options]) => String(options.url).endsWith('/v1/health'));
    expect(healthCalls).toHaveLength(3);
    expect(container.querySelector('#api-error .error-code')?.textContent).toBe('network.unreachable');
    expect(container.querySelector('#api-error .error-message')?.textContent).toContain('Failed to fetch');
    expect(container.querySelector('#openid')?.textContent).toBe('—');
    expect(container.querySelector('.meter-card')).toBeNull();
  }, 10_000);
});
