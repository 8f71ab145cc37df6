import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWeChatApi, type FakeWeChatApi } from '../../../../scripts/fakes/wechat-api';
import { decodeQrPng } from '../../../../tests/support/qr';
import type { TokenCache } from './access-token';
import { liveWxaCodes, localWxaCodes } from './wxacode';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function memoryTokens(): TokenCache {
  let saved: { token: string; expiresAtMs: number } | null = null;
  return {
    cachedToken: async (_appId, nowMs, marginMs) => (saved && saved.expiresAtMs - marginMs > nowMs ? saved.token : null),
    storeToken: async (_appId, token, expiresAtMs) => void (saved = { token, expiresAtMs }),
  };
}

describe('meter QR codes drawn locally', () => {
  it('is a PNG that opens the H5 page with the scene, as WeChat would hand it to the page', async () => {
    const png = await localWxaCodes({ h5BaseUrl: 'http://127.0.0.1:8080/' }).unlimited({ scene: 'q=AbCdEfGhIjKlMnOp', page: 'pages/home/index', width: 430 });
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(decodeQrPng(png)).toBe('http://127.0.0.1:8080/#/pages/home/index?scene=q%3DAbCdEfGhIjKlMnOp');
  });
});

describe('meter QR codes from wxacode.getUnlimited (against a strict local fake)', () => {
  let api: FakeWeChatApi;
  beforeAll(async () => {
    api = await startFakeWeChatApi({ appId: 'wx-qr', secret: 'qr-secret' });
  });
  afterAll(() => api.close());
  const codes = () => liveWxaCodes({ apiBase: api.url, appId: 'wx-qr', secret: 'qr-secret', tokens: memoryTokens(), envVersion: 'release' });

  it("passes WeChat's image through, carrying the scene and page", async () => {
    const png = await codes().unlimited({ scene: 'q=AbCdEfGhIjKlMnOp', page: 'pages/home/index', width: 430 });
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(decodeQrPng(png)).toBe('https://fake.weixin/wxacode?page=pages/home/index&scene=q%3DAbCdEfGhIjKlMnOp');
  });

  it('renews a token WeChat calls invalid, once', async () => {
    const source = codes();
    await source.unlimited({ scene: 'q=1', page: 'pages/home/index', width: 280 });
    api.invalidateToken();
    const forced = api.calls.forced;
    const png = await source.unlimited({ scene: 'q=2', page: 'pages/home/index', width: 280 });
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(api.calls.forced - forced).toBe(1);
  });

  it("turns WeChat's JSON refusal into a 502 that names the errcode", async () => {
    await expect(codes().unlimited({ scene: 'q='.padEnd(40, 'x'), page: 'pages/home/index', width: 430 })).rejects.toMatchObject({ code: 'wechat.qrcode_failed', status: 502, message: expect.stringContaining('40169') });
  });
});
