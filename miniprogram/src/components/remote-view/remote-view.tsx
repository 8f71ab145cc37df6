import type { ReactNode } from 'react';
import type { RemoteState } from '../../hooks/use-remote';
import { ApiErrorView } from '../api-error-view';
import { LoadingView } from '../loading-view';

export interface RemoteViewProps<T> {
  /** Names the states' elements: `#<id>-loading` while loading. */
  id: string;
  state: RemoteState<T> & { reload?: () => void };
  /** True when the answer has nothing to show: `empty` is shown instead of `children`. */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  /** Show a failure here, with a retry (default); false where the page shows its errors at the top. */
  showError?: boolean;
  children: (data: T) => ReactNode;
}

/**
 * The loading, error, empty and ready states of one API read, as every page
 * shows them: a loading line, the error with a retry, the page's own empty
 * hint, or the data.
 */
export function RemoteView<T>({ id, state, isEmpty, empty = null, showError = true, children }: RemoteViewProps<T>) {
  switch (state.status) {
    case 'idle':
    case 'loading':
      return <LoadingView id={`${id}-loading`} />;
    case 'error':
      return showError ? <ApiErrorView error={state.error} {...(state.reload ? { onRetry: state.reload } : {})} /> : null;
    case 'ready':
      return <>{isEmpty?.(state.data) ? empty : children(state.data)}</>;
  }
}
