import { render, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { describe, expect, it, vi } from 'vitest';
import HomePage from './index';

describe('HomePage without an API', () => {
  it('shows the error state instead of meters when nothing answers', async () => {
    vi.spyOn(Taro, 'request').mockRejectedValue(new TypeError('Failed to fetch'));

    const { container } = render(<HomePage />);

    await waitFor(() => expect(container.querySelector('#api-error')).not.toBeNull());
    expect(container.querySelector('#api-error .error-code')?.textContent).toBe('network.unreachable');
    expect(container.querySelector('#api-error .error-message')?.textContent).toContain('Failed to fetch');
    expect(container.querySelector('.meter-card')).toBeNull();
  });
});
