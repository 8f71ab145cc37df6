import { focusManager, onlineManager, QueryClient } from '@tanstack/react-query';
import Taro from '@tarojs/taro';
import { ApiError } from '../api';

/** A read is fresh this long: tab switches within it show the cache without a request. */
const FRESH_MS = 30_000;

/**
 * Retries a failed read only when no answer came (a network blip), twice:
 * a 4xx will not change by asking again, and a 5xx is the API's to fix.
 */
function retry(failures: number, error: unknown): boolean {
  return failures < 2 && error instanceof ApiError && error.status === 0;
}

/**
 * The one cache of API reads: requests for the same key are made once and
 * shared, fresh answers are served from memory, stale ones are refetched
 * when a page asks again, when the app comes back to the foreground and
 * when the network returns, and a change (a recharge) invalidates what it
 * moved (see `queryKeys`).
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: FRESH_MS, retry, refetchOnWindowFocus: true, refetchOnReconnect: true },
    mutations: { retry: false },
  },
});

let wired = false;

/**
 * TanStack Query watches `window` focus and online events; a mini-program has
 * neither, so the app's own events stand in on both builds: the app shown
 * again is focus, WeChat's network status is online. Then the client is
 * mounted (what a QueryClientProvider would do: hooks are given the client
 * directly), so those events refetch stale reads and resume paused ones.
 * Called once at launch.
 */
export function wireQueryEvents(): void {
  if (wired) return;
  wired = true;
  focusManager.setEventListener((setFocused) => {
    const shown = () => setFocused(true);
    const hidden = () => setFocused(false);
    Taro.onAppShow?.(shown);
    Taro.onAppHide?.(hidden);
    return () => {
      Taro.offAppShow?.(shown);
      Taro.offAppHide?.(hidden);
    };
  });
  onlineManager.setEventListener((setOnline) => {
    const changed = (result: { isConnected: boolean }) => setOnline(result.isConnected);
    Taro.onNetworkStatusChange?.(changed);
    return () => Taro.offNetworkStatusChange?.(changed);
  });
  queryClient.mount();
}
