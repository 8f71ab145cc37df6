import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveWeChatLogin, localWeChatLogin } from './login';

describe('localWeChatLogin', () => {
  it('turns local:<openid> into that openid', async () => {
    await expect(localWeChatLogin.exchange('local:demo-tenant-1')).resolves.toEqual({ openid: 'demo-tenant-1' });
  });

  it.each(['demo', 'local:', 'local:has space', `local:${'a'.repeat(65)}`, 'LOCAL:x'])('rejects %j with auth.bad_code', async (code) => {
    await expect(localWeChatLogin.exchange(code)).rejects.toMatchObject({ code: 'auth.bad_code', status: 400 });
  });
});

describe('liveWeChatLogin against a local jscode2session server', () => {
  let server: Server;
  let base: string;
  const seen: URL[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push(url);
      const code = url.searchParams.get('js_code');
      const body =
        code === 'good' ? { openid: 'o-123', session_key: 'k' }
        : code === 'used' ? { errcode: 40163, errmsg: 'code been used' }
        : code === 'busy' ? { errcode: 45011, errmsg: 'api minute-quota reach limit' }
        : { errcode: -1, errmsg: 'system error' };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const login = () => liveWeChatLogin({ apiBase: base, appId: 'wx-app', secret: 's3cret' });

  it('sends appid, secret, code and grant type, and returns the openid', async () => {
    await expect(login().exchange('good')).resolves.toEqual({ openid: 'o-123' });
    const url = seen.at(-1)!;
    expect(url.pathname).toBe('/sns/jscode2session');
    expect(Object.fromEntries(url.searchParams)).toEqual({ appid: 'wx-app', secret: 's3cret', js_code: 'good', grant_type: 'authorization_code' });
  });

  it('maps WeChat error codes to typed errors', async () => {
    await expect(login().exchange('used')).rejects.toMatchObject({ code: 'auth.bad_code', status: 400 });
    await expect(login().exchange('busy')).rejects.toMatchObject({ code: 'wechat.rate_limited', status: 429 });
    await expect(login().exchange('other')).rejects.toMatchObject({ code: 'wechat.login_failed', status: 502 });
  });

  it('answers 502 when WeChat cannot be reached', async () => {
    const unreachable = liveWeChatLogin({ apiBase: 'http://127.0.0.1:1', appId: 'a', secret: 's', timeoutMs: 500 });
    await expect(unreachable.exchange('good')).rejects.toMatchObject({ code: 'wechat.unavailable', status: 502 });
  });
});
