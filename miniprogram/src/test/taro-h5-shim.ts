/**
 * `@tarojs/taro` for component tests. In a real H5 build, Taro's babel plugin turns
 * `Taro.request(…)` into named imports of @tarojs/taro-h5, whose default export lacks
 * most APIs; without that plugin, the default object must carry them, as it does in
 * weapp. A plain object also lets tests spy on `Taro.request`.
 *
 * The React hooks (`useRouter`, …) are added to Taro by the React framework plugin at
 * build time; `useRouter` is reproduced here, reading the page's router from
 * `Current.router` of @tarojs/runtime, so a test opens a page with `?meterId=…` by
 * setting `Current.router` (see test/page-router.ts).
 */
import { Current } from '@tarojs/runtime';
import * as h5 from '@tarojs/taro-h5';
import { useEffect } from 'react';

/** As @tarojs/plugin-framework-react defines it, minus the memo; `{params: {}}` outside a page. */
export const useRouter = () => Current.router ?? { params: {}, path: '' };

/** Pages register their pull-to-refresh here; a test pulls with `pullDownRefresh()`. */
const pullDownHandlers = new Set<() => void>();
export const usePullDownRefresh = (handler: () => void): void => {
  useEffect(() => {
    pullDownHandlers.add(handler);
    return () => void pullDownHandlers.delete(handler);
  }, [handler]);
};
/** What the user's pull does: every registered page refreshes. */
export const pullDownRefresh = (): void => pullDownHandlers.forEach((handler) => handler());

const Taro = { ...h5.default, ...h5, useRouter, usePullDownRefresh };

export * from '@tarojs/taro-h5';
export default Taro;
