import { fireEvent, render } from '@testing-library/react';
import { Text } from '@tarojs/components';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api';
import { RemoteView } from './remote-view';

const show = (items: string[]) => items.map((item) => <Text key={item} className='item'>{item}</Text>);

describe('RemoteView', () => {
  it('shows a loading line while loading (and before it may load)', () => {
    for (const status of ['idle', 'loading'] as const) {
      const { container, unmount } = render(<RemoteView id='things' state={{ status }}>{show}</RemoteView>);
      expect(container.querySelector('#things-loading')).not.toBeNull();
      unmount();
    }
  });

  it('shows the error with a retry that loads again, unless the page shows errors itself', () => {
    const reload = vi.fn();
    const state = { status: 'error', error: new ApiError('store.unavailable', 503, 'The table is not ready'), reload } as const;
    const { container, unmount } = render(<RemoteView id='things' state={state}>{show}</RemoteView>);
    expect(container.querySelector('#api-error .error-code')?.textContent).toBe('store.unavailable');
    fireEvent.click(container.querySelector('#retry-button')!);
    expect(reload).toHaveBeenCalledTimes(1);
    unmount();
    expect(render(<RemoteView id='things' state={state} showError={false}>{show}</RemoteView>).container.innerHTML).toBe('');
  });

  it('shows the empty hint for an empty answer, and the data otherwise', () => {
    const empty = <Text id='nothing'>nothing yet</Text>;
    const isEmpty = (items: string[]) => items.length === 0;
    const none = render(<RemoteView id='things' state={{ status: 'ready', data: [] }} isEmpty={isEmpty} empty={empty}>{show}</RemoteView>);
    expect(none.container.querySelector('#nothing')).not.toBeNull();
    none.unmount();
    const some = render(<RemoteView id='things' state={{ status: 'ready', data: ['a', 'b'] }} isEmpty={isEmpty} empty={empty}>{show}</RemoteView>);
    expect([...some.container.querySelectorAll('.item')].map((node) => node.textContent)).toEqual(['a', 'b']);
    expect(some.container.querySelector('#nothing')).toBeNull();
  });
});
