import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { asApiError, type ApiError } from '../api';
import { queryClient } from '../data';

/** A list the API pages with cursors (`{items, next}`), as the UI sees it: every page loaded so far, and a way to load the next. */
export type RemotePages<P extends Paged> =
  | { status: 'idle' | 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; items: P['items'][number][]; first: P; hasMore: boolean; loadingMore: boolean; moreError: ApiError | null };

type Paged = { items: readonly unknown[]; next: string | null };

/**
 * Cursor paging on TanStack Query's infinite queries: the first page once
 * `enabled` (again whenever a page showing it opens), then `more()` asks for
 * the page after the last one's `next`.
 * The pages share the cache (and its invalidation) with every other read.
 */
export function useRemotePages<P extends Paged>(
  key: QueryKey,
  load: (cursor: string | undefined) => Promise<P>,
  enabled = true,
  options: { refetchEveryMs?: (items: P['items'][number][]) => number | false } = {},
): RemotePages<P> & { more: () => void; reload: () => void } {
  const { refetchEveryMs } = options;
  const query = useInfiniteQuery(
    {
      queryKey: key,
      queryFn: ({ pageParam }) => load(pageParam),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last: P) => last.next ?? undefined,
      enabled,
      // Records, messages and refund requests change by what happens elsewhere (a reading, a manager's decision):
      // a page showing one fetches it afresh each time it opens, showing the cached pages meanwhile.
      staleTime: 0,
      // Pages that change by themselves (a command on its way) are read again while they may.
      ...(refetchEveryMs ? { refetchInterval: (query: { state: { data?: { pages: P[] } } }) => refetchEveryMs((query.state.data?.pages ?? []).flatMap((page) => page.items as P['items'][number][])) } : {}),
    },
    queryClient,
  );
  const more = (): void => {
    if (query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
  };
  const reload = (): void => void query.refetch();
  const data = query.data;
  if (data && data.pages.length > 0) {
    return {
      status: 'ready',
      items: data.pages.flatMap((page) => page.items as P['items'][number][]),
      first: data.pages[0]!,
      hasMore: query.hasNextPage,
      loadingMore: query.isFetchingNextPage,
      moreError: query.isFetchNextPageError ? asApiError(query.error) : null,
      more,
      reload,
    };
  }
  if (query.status === 'error') return { status: 'error', error: asApiError(query.error), more, reload };
  return { status: enabled ? 'loading' : 'idle', more, reload };
}
