import Taro from '@tarojs/taro';
import { STORAGE_KEYS } from './storage-keys';

/** Who the H5 demo logs in as when neither the URL nor storage names anyone. */
export const DEFAULT_DEMO_OPENID = 'demo-tenant-1';

const OPENID_PATTERN = /^[A-Za-z0-9_.@-]{1,64}$/;

/** True for an openid the demo mode accepts (letters, digits, `_ . @ -`, at most 64). */
export function isValidDemoOpenid(openid: string): boolean {
  return OPENID_PATTERN.test(openid);
}

/**
 * The `openid` query parameter of an H5 URL. With the hash router it may sit in
 * `location.search` (`/?openid=a#/pages/home/index`) or inside the hash
 * (`/#/pages/home/index?openid=a`); the search wins when both are present.
 */
export function readOpenidFromLocation(location: Pick<Location, 'search' | 'hash'>): string | null {
  const fromSearch = new URLSearchParams(location.search).get('openid');
  if (fromSearch !== null && fromSearch !== '') return fromSearch;
  const queryStart = location.hash.indexOf('?');
  if (queryStart < 0) return null;
  const fromHash = new URLSearchParams(location.hash.slice(queryStart + 1)).get('openid');
  return fromHash !== null && fromHash !== '' ? fromHash : null;
}

const readStoredDemoOpenid = (): string | null => {
  const stored: unknown = Taro.getStorageSync(STORAGE_KEYS.demoOpenid);
  return typeof stored === 'string' && isValidDemoOpenid(stored) ? stored : null;
};

/**
 * The openid the H5 demo logs in as: the URL's `?openid=` (remembered in storage so
 * it survives tab switches that drop the query), else the remembered one, else
 * {@link DEFAULT_DEMO_OPENID}. An invalid value in the URL is ignored.
 */
export function resolveDemoOpenid(): string {
  const fromUrl = typeof window === 'undefined' ? null : readOpenidFromLocation(window.location);
  if (fromUrl !== null && isValidDemoOpenid(fromUrl)) {
    rememberDemoOpenid(fromUrl);
    return fromUrl;
  }
  return readStoredDemoOpenid() ?? DEFAULT_DEMO_OPENID;
}

/** Remembers the openid the H5 demo should log in as from now on. */
export function rememberDemoOpenid(openid: string): void {
  Taro.setStorageSync(STORAGE_KEYS.demoOpenid, openid);
}

const withoutOpenid = (query: string): string => {
  const params = new URLSearchParams(query);
  params.delete('openid');
  const rest = params.toString();
  return rest === '' ? '' : `?${rest}`;
};

/**
 * Drops `openid` from the address bar (search and hash) without reloading, so a
 * user picked on the Me page is not overridden by the URL the demo was opened with.
 */
export function forgetOpenidInLocation(): void {
  if (typeof window === 'undefined' || readOpenidFromLocation(window.location) === null) return;
  const { pathname, search, hash } = window.location;
  const queryStart = hash.indexOf('?');
  const newHash = queryStart < 0 ? hash : hash.slice(0, queryStart) + withoutOpenid(hash.slice(queryStart + 1));
  window.history.replaceState(window.history.state, '', `${pathname}${withoutOpenid(search)}${newHash}`);
}
