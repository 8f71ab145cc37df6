import { useQuery, type QueryKey } from '@tanstack/react-query';
import { asApiError, type ApiError } from '../api';
import { queryClient } from '../data';

/** One API read as the UI sees it. */
export type RemoteState<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: ApiError };

/**
 * One cached API read (TanStack Query on the app's one `queryClient`): `load`
 * runs once `enabled` (e.g. once logged in); pages asking for the same `key`
 * share one request and its answer; a fresh answer is served from the cache,
 * a stale one shown while it is fetched again. Once there is data it stays on
 * screen through a failed refetch. `reload` fetches again now.
 */
export function useRemote<T>(
  key: QueryKey,
  load: () => Promise<T>,
  enabled = true,
  options: { staleTimeMs?: number; refetchEveryMs?: (data: T | undefined) => number | false } = {},
): RemoteState<T> & { reload: () => void } {
  const { staleTimeMs, refetchEveryMs } = options;
  const query = useQuery(
    {
      queryKey: key,
      queryFn: load,
      enabled,
      ...(staleTimeMs === undefined ? {} : { staleTime: staleTimeMs }),
      ...(refetchEveryMs === undefined ? {} : { refetchInterval: (state: { state: { data: T | undefined } }) => refetchEveryMs(state.state.data) }),
    },
    queryClient,
  );
  const reload = (): void => {
    void query.refetch();
  };
  if (query.data !== undefined) return { status: 'ready', data: query.data, reload };
  if (query.status === 'error') return { status: 'error', error: asApiError(query.error), reload };
  if (!enabled) return { status: 'idle', reload };
  return { status: 'loading', reload };
}
