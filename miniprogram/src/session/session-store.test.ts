import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FakeRoutes } from '../test/fake-api';

/** A fresh session store (module state) and Taro for each test. */
async function setUp(routes: FakeRoutes) {
  vi.resetModules();
  const { fakeApi } = await import('../test/fake-api');
  const api = fakeApi(routes);
  const store = await import('./session-store');
  const { default: Taro } = await import('@tarojs/taro');
  return { ...api, store, Taro };
}

const me = (openid: string, roles: string[] = ['tenant']) => ({ statusCode: 200, data: { openid, roles, name: null } });

beforeEach(() => {
  window.localStorage.clear();
  window.history.replaceState(null, '', '/#/pages/home/index?openid=tenant-7');
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ensureSession', () => {
  it('logs in with local:<openid> on H5, stores the token and sends it to /v1/me', async () => {
    const { seen, store, Taro } = await setUp({
      'POST /v1/auth/login': () => ({ statusCode: 200, data: { token: 'tok-7', openid: 'tenant-7', roles: ['tenant'] } }),
      'GET /v1/me': () => me('tenant-7'),
    });

    const state = await store.ensureSession();

    expect(state).toMatchObject({ status: 'ready', me: { openid: 'tenant-7', roles: ['tenant'] } });
    expect(seen[0]?.data).toEqual({ code: 'local:tenant-7' });
    expect(seen[1]?.header.Authorization).toBe('Bearer tok-7');
    expect(Taro.getStorageSync('prepaid.session.token')).toBe('tok-7');
  });

  it('reuses a stored token the API still accepts', async () => {
    const { seen, store, Taro } = await setUp({ 'GET /v1/me': () => me('tenant-7') });
    Taro.setStorageSync('prepaid.session.token', 'old-token');
    Taro.setStorageSync('prepaid.session.openid', 'tenant-7');

    await expect(store.ensureSession()).resolves.toMatchObject({ status: 'ready' });
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v1/me']);
  });

  it('logs in again when the stored token is refused', async () => {
    const { seen, store, Taro } = await setUp({
      'POST /v1/auth/login': () => ({ statusCode: 200, data: { token: 'new', openid: 'tenant-7', roles: ['tenant'] } }),
      'GET /v1/me': (request) =>
        request.header.Authorization === 'Bearer new'
          ? me('tenant-7')
          : { statusCode: 401, data: { error: { code: 'auth.unauthorized', message: 'expired' } } },
    });
    Taro.setStorageSync('prepaid.session.token', 'expired-token');
    Taro.setStorageSync('prepaid.session.openid', 'tenant-7');

    await expect(store.ensureSession()).resolves.toMatchObject({ status: 'ready' });
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v1/me', 'POST /v1/auth/login', 'GET /v1/me']);
  });

  it('ends in the error state with the API code when login is refused', async () => {
    const { store } = await setUp({
      'POST /v1/auth/login': () => ({ statusCode: 400, data: { error: { code: 'auth.code_invalid', message: 'bad code' } } }),
    });

    const state = await store.ensureSession();

    expect(state).toMatchObject({ status: 'error', error: { code: 'auth.code_invalid', message: 'bad code' } });
  });

  it('shares one login between concurrent callers', async () => {
    const { seen, store } = await setUp({
      'POST /v1/auth/login': () => ({ statusCode: 200, data: { token: 't', openid: 'tenant-7', roles: ['tenant'] } }),
      'GET /v1/me': () => me('tenant-7'),
    });

    await Promise.all([store.ensureSession(), store.ensureSession(), store.ensureSession()]);

    expect(seen.filter((r) => r.url === '/v1/auth/login')).toHaveLength(1);
  });
});

describe('switchDemoUser and signOut', () => {
  it('switches to another openid, then forgets the token on sign-out', async () => {
    const { seen, store, Taro } = await setUp({
      'POST /v1/auth/login': (request) => {
        const openid = String((request.data as { code: string }).code).replace('local:', '');
        return { statusCode: 200, data: { token: `tok-${openid}`, openid, roles: ['tenant', 'manager'] } };
      },
      'GET /v1/me': (request) => me(String(request.header.Authorization).replace('Bearer tok-', ''), ['manager']),
    });
    await store.ensureSession();

    const switched = await store.switchDemoUser(' boss-1 ');
    expect(switched).toMatchObject({ status: 'ready', me: { openid: 'boss-1', roles: ['manager'] } });
    expect(seen.at(-2)?.data).toEqual({ code: 'local:boss-1' });
    expect(window.location.hash).toBe('#/pages/home/index');

    store.signOut();
    expect(store.getSessionState()).toEqual({ status: 'signed-out' });
    expect(Taro.getStorageSync('prepaid.session.token')).toBe('');
    await expect(store.ensureSession()).resolves.toEqual({ status: 'signed-out' });
  });

  it('refuses an unusable openid without calling the API', async () => {
    const { seen, store } = await setUp({});

    await expect(store.switchDemoUser('a b')).resolves.toMatchObject({ error: { code: 'demo.openid_invalid' } });
    expect(seen).toHaveLength(0);
  });
});

describe('overlapping attempts', () => {
  it('lets the latest attempt win when a switch overtakes the first login', async () => {
    let releaseFirst: () => void = () => undefined;
    const firstLoginHeld = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    const { spy, store, Taro } = await setUp({
      'POST /v1/auth/login': (request) => {
        const openid = (request.data as { code: string }).code.replace('local:', '');
        return { statusCode: 200, data: { token: `tok-${openid}`, openid, roles: ['tenant'] } };
      },
      'GET /v1/me': (request) => me(String(request.header.Authorization).replace('Bearer tok-', '')),
    });
    const answer = vi.mocked(Taro.request).getMockImplementation();
    // Hold back the answer to the first user's login until the switch has finished.
    vi.mocked(Taro.request).mockImplementation(((option: Taro.request.Option) => {
      const held = (option.data as { code?: string } | undefined)?.code === 'local:tenant-7';
      return held ? firstLoginHeld.then(() => answer?.(option)) : answer?.(option);
    }) as never);

    const first = store.ensureSession();
    await vi.waitFor(() => expect(spy).toHaveBeenCalledTimes(1));
    const second = store.switchDemoUser('tenant-8');
    await second;
    releaseFirst();
    await first;

    expect(store.getSessionState()).toMatchObject({ status: 'ready', me: { openid: 'tenant-8' } });
    expect(Taro.getStorageSync('prepaid.session.token')).toBe('tok-tenant-8');
  });
});

describe('a call refused with 401', () => {
  it('logs in again once for all calls refused at that moment, and makes each call again with the new token', async () => {
    let logins = 0;
    const { seen, store } = await setUp({
      'POST /v1/auth/login': () => ({ statusCode: 200, data: { token: `tok-${++logins}`, openid: 'tenant-7', roles: ['tenant'] } }),
      'GET /v1/me': () => me('tenant-7'),
      // The first token expires after login: the API refuses it.
      'GET /v1/me/meters': (request) =>
        request.header.Authorization === 'Bearer tok-1'
          ? { statusCode: 401, data: { error: { code: 'auth.expired', message: 'Session expired' } } }
          : { statusCode: 200, data: { items: [], next: null } },
    });
    await store.ensureSession();
    const { listMyMeters } = await import('../api');

    const answers = await Promise.all([listMyMeters(), listMyMeters()]);

    expect(answers).toEqual([{ items: [], next: null }, { items: [], next: null }]);
    expect(logins).toBe(2);
    expect(seen.filter((request) => request.url === '/v1/me/meters').map((request) => request.header.Authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2', 'Bearer tok-2']);
    expect(store.getSessionState()).toMatchObject({ status: 'ready' });
  });

  it('is not renewed after a sign-out: the 401 stands', async () => {
    const { store } = await setUp({
      'POST /v1/auth/login': () => ({ statusCode: 200, data: { token: 'tok-1', openid: 'tenant-7', roles: ['tenant'] } }),
      'GET /v1/me': () => me('tenant-7'),
      'GET /v1/me/meters': () => ({ statusCode: 401, data: { error: { code: 'auth.missing', message: 'No token' } } }),
    });
    await store.ensureSession();
    store.signOut();
    const { listMyMeters } = await import('../api');
    await expect(listMyMeters()).rejects.toMatchObject({ status: 401, code: 'auth.missing' });
  });
});
