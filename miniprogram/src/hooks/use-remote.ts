import { useCallback, useEffect, useRef, useState } from 'react';
import { asApiError, type ApiError } from '../api';

/** One API read as the UI sees it. */
export type RemoteState<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: ApiError };

/**
 * Runs `load` once `enabled` (e.g. once logged in) and again whenever `key` changes
 * or `reload` is called; answers that arrive after a newer request are dropped.
 */
export function useRemote<T>(
  load: () => Promise<T>,
  enabled = true,
  key = '',
): RemoteState<T> & { reload: () => void } {
  const [state, setState] = useState<RemoteState<T>>({ status: 'idle' });
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    if (!enabled) {
      setState({ status: 'idle' });
      return undefined;
    }
    let current = true;
    setState({ status: 'loading' });
    loadRef.current().then(
      (data) => current && setState({ status: 'ready', data }),
      (error: unknown) => current && setState({ status: 'error', error: asApiError(error) }),
    );
    return () => {
      current = false;
    };
  }, [enabled, key, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
}
