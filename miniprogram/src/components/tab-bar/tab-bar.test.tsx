import { fireEvent, render } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TabBar } from './tab-bar';

afterEach(() => {
  vi.restoreAllMocks();
});

const tabIds = (container: HTMLElement): string[] =>
  Array.from(container.querySelectorAll('[id^="tab-"]'), (element) => element.id).filter((id) => id !== 'tab-bar');

describe('TabBar', () => {
  it('hides the manager tab from a tenant', () => {
    const { container } = render(<TabBar current='home' roles={['tenant']} />);

    expect(tabIds(container)).toEqual(['tab-home', 'tab-usage', 'tab-me']);
    expect(container.querySelector('#tab-manager')).toBeNull();
  });

  it('hides the manager tab while nobody is logged in', () => {
    const { container } = render(<TabBar current='home' roles={[]} />);

    expect(container.querySelector('#tab-manager')).toBeNull();
  });

  it.each([[['tenant', 'manager'] as const], [['admin'] as const]])('shows the manager tab to %j', (roles) => {
    const { container } = render(<TabBar current='home' roles={roles} />);

    expect(tabIds(container)).toEqual(['tab-home', 'tab-usage', 'tab-me', 'tab-manager']);
    expect(container.querySelector('#tab-manager')?.textContent).toBe('管理');
  });

  it('marks the current tab and switches tabs with redirectTo', () => {
    const redirectTo = vi.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'redirectTo:ok' });
    const { container } = render(<TabBar current='usage' roles={['manager']} />);

    fireEvent.click(container.querySelector('#tab-manager') as Element);
    fireEvent.click(container.querySelector('#tab-usage') as Element);

    expect(container.querySelector('#tab-usage')?.className).toContain('is-active');
    expect(redirectTo).toHaveBeenCalledTimes(1);
    expect(redirectTo).toHaveBeenCalledWith({ url: '/pages/manager/index' });
  });
});
