import Taro from '@tarojs/taro';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_DEMO_OPENID,
  forgetOpenidInLocation,
  isValidDemoOpenid,
  readOpenidFromLocation,
  resolveDemoOpenid,
} from './demo-openid';
import { STORAGE_KEYS } from './storage-keys';

afterEach(() => {
  Taro.clearStorageSync();
  window.history.replaceState(null, '', '/');
});

describe('readOpenidFromLocation', () => {
  it('reads ?openid= before the hash', () => {
    expect(readOpenidFromLocation({ search: '?openid=tenant-a', hash: '#/pages/home/index' })).toBe('tenant-a');
  });

  it('reads ?openid= inside the hash route', () => {
    expect(readOpenidFromLocation({ search: '', hash: '#/pages/home/index?x=1&openid=tenant-b' })).toBe('tenant-b');
  });

  it('prefers the search over the hash and ignores empty values', () => {
    expect(readOpenidFromLocation({ search: '?openid=a', hash: '#/p?openid=b' })).toBe('a');
    expect(readOpenidFromLocation({ search: '?openid=', hash: '#/p?openid=b' })).toBe('b');
    expect(readOpenidFromLocation({ search: '', hash: '#/pages/home/index' })).toBeNull();
  });
});

describe('resolveDemoOpenid', () => {
  it('falls back to demo-tenant-1', () => {
    expect(resolveDemoOpenid()).toBe(DEFAULT_DEMO_OPENID);
    expect(DEFAULT_DEMO_OPENID).toBe('demo-tenant-1');
  });

  it('takes the URL over storage and remembers it', () => {
    Taro.setStorageSync(STORAGE_KEYS.demoOpenid, 'stored-one');
    window.history.replaceState(null, '', '/#/pages/home/index?openid=from-url');

    expect(resolveDemoOpenid()).toBe('from-url');
    window.history.replaceState(null, '', '/#/pages/usage/index');
    expect(resolveDemoOpenid()).toBe('from-url');
  });

  it('ignores an openid in the URL that the demo cannot use', () => {
    window.history.replaceState(null, '', '/?openid=%3Cscript%3E');

    expect(resolveDemoOpenid()).toBe(DEFAULT_DEMO_OPENID);
    expect(isValidDemoOpenid('<script>')).toBe(false);
    expect(isValidDemoOpenid('x'.repeat(65))).toBe(false);
  });
});

describe('forgetOpenidInLocation', () => {
  it('drops openid from search and hash but keeps the route and other parameters', () => {
    window.history.replaceState(null, '', '/?openid=a&lang=zh#/pages/me/index?openid=b&tab=1');

    forgetOpenidInLocation();

    expect(window.location.search).toBe('?lang=zh');
    expect(window.location.hash).toBe('#/pages/me/index?tab=1');
  });
});
