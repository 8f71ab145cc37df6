import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTencentSms, type FakeTencentSms } from '../../../../scripts/fakes/tencent-sms';
import { startFakeWeChatApi, type FakeWeChatApi } from '../../../../scripts/fakes/wechat-api';
import Sign from 'tencentcloud-sdk-nodejs-common/tencentcloud/common/sign';
import { tc3Authorization } from './tc3';
import { tencentSms } from './tencent-sms';
import { liveWeChatMessages, type TokenCache } from './wechat-messages';

/** The table's token cache, in memory: what two containers share. */
function memoryTokens(): TokenCache & { stored: number } {
  let saved: { token: string; expiresAtMs: number } | null = null;
  return {
    stored: 0,
    async cachedToken(_appId, nowMs, marginMs) {
      return saved && saved.expiresAtMs - marginMs > nowMs ? saved.token : null;
    },
    async storeToken(_appId, token, expiresAtMs) {
      saved = { token, expiresAtMs };
      this.stored += 1;
    },
  };
}

const message = (touser: string, thing = '3-301 电表') => ({
  touser,
  templateId: 'tmpl-low',
  page: 'pages/home/index',
  data: { thing1: { value: thing }, amount2: { value: '12.34元' }, time3: { value: '2026-12-02 09:05' } },
  miniprogramState: 'formal' as const,
});

describe('WeChat subscription messages over HTTP (against a strict local fake)', () => {
  let api: FakeWeChatApi;
  beforeAll(async () => {
    api = await startFakeWeChatApi({ appId: 'wx-app', secret: 'wx-secret' });
  });
  afterAll(() => api.close());

  it('sends with a stable_token fetched once and shared between containers', async () => {
    const tokens = memoryTokens();
    const first = liveWeChatMessages({ apiBase: api.url, appId: 'wx-app', secret: 'wx-secret', tokens });
    const second = liveWeChatMessages({ apiBase: api.url, appId: 'wx-app', secret: 'wx-secret', tokens });
    const before = api.calls.stableToken;
    expect(await first.send(message('tenant-a'))).toEqual({ ok: true });
    expect(await first.send(message('tenant-a'))).toEqual({ ok: true });
    expect(await second.send(message('tenant-b'))).toEqual({ ok: true });
    expect(api.calls.stableToken - before).toBe(1);
    expect(api.sent.at(-1)).toMatchObject({ touser: 'tenant-b', template_id: 'tmpl-low', miniprogram_state: 'formal', data: { amount2: { value: '12.34元' } } });
  });

  it('fetches a fresh token once with force_refresh when WeChat says the one held is invalid', async () => {
    const adapter = liveWeChatMessages({ apiBase: api.url, appId: 'wx-app', secret: 'wx-secret', tokens: memoryTokens() });
    expect(await adapter.send(message('tenant-c'))).toEqual({ ok: true });
    api.invalidateToken();
    const forced = api.calls.forced;
    expect(await adapter.send(message('tenant-c'))).toEqual({ ok: true });
    expect(api.calls.forced - forced).toBe(1);
  });

  it('reports 43101 as refused and 47003 (a value over its limit) as a plain failure', async () => {
    const adapter = liveWeChatMessages({ apiBase: api.url, appId: 'wx-app', secret: 'wx-secret', tokens: memoryTokens() });
    api.refusing.add('tenant-refusing');
    expect(await adapter.send(message('tenant-refusing'))).toMatchObject({ ok: false, code: '43101', refused: true });
    expect(await adapter.send(message('tenant-d', '这是一个远远超过二十个字符限制的事物名称啊啊啊'))).toMatchObject({ ok: false, code: '47003', refused: false });
  });

  it('reports an unreachable WeChat as a failure, not a throw', async () => {
    const adapter = liveWeChatMessages({ apiBase: 'http://127.0.0.1:9', appId: 'wx-app', secret: 'wx-secret', tokens: memoryTokens(), timeoutMs: 1000 });
    expect(await adapter.send(message('tenant-e'))).toMatchObject({ ok: false, code: 'unreachable', refused: false });
  });
});

describe('Tencent Cloud SMS (signed as the official SDK signs; sent to a local fake that checks TC3 signatures)', () => {
  let fake: FakeTencentSms;
  beforeAll(async () => {
    fake = await startFakeTencentSms({ secretId: 'AKID-test', secretKey: 'secret-key-test' });
  });
  afterAll(() => fake.close());

  const options = (secretKey: string) => ({ secretId: 'AKID-test', secretKey, sdkAppId: '1400000000', signName: '安居公寓', region: 'ap-guangzhou', endpoint: `127.0.0.1:${fake.port}`, protocol: 'http://' as const });

  it("signs exactly as Tencent Cloud's official SDK does", () => {
    const body = JSON.stringify({ PhoneNumberSet: ['+8613800138000'], SmsSdkAppId: '1400000000', SignName: '安居公寓', TemplateId: '2000001', TemplateParamSet: ['3-301 电表'] });
    for (const timestamp of [1_551_113_065, 1_796_256_000]) {
      const ours = tc3Authorization({ secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE', secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE', service: 'sms', host: 'sms.tencentcloudapi.com', contentType: 'application/json; charset=utf-8', body, timestamp });
      const theirs = Sign.sign3({
        method: 'POST',
        url: 'https://sms.tencentcloudapi.com/',
        payload: Buffer.from(body),
        timestamp,
        service: 'sms',
        secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
        secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
        multipart: false,
        boundary: '',
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
      });
      expect(ours).toBe(theirs);
    }
  });

  it('sends a signed SendSms the fake verifies', async () => {
    const outcome = await tencentSms(options('secret-key-test')).send({ phone: '13800138000', templateId: '2000001', params: ['3-301 电表', '12.34', '2'] });
    expect(outcome.ok).toBe(true);
    expect(fake.sent.at(-1)).toEqual({ phone: '+8613800138000', templateId: '2000001', params: ['3-301 电表', '12.34', '2'], signName: '安居公寓', sdkAppId: '1400000000' });
  });

  it('fails, without throwing, when the signature is wrong', async () => {
    const refusedBefore = fake.refused;
    const outcome = await tencentSms(options('another-key')).send({ phone: '13800138000', templateId: '2000001', params: [] });
    expect(outcome).toMatchObject({ ok: false, code: 'AuthFailure.SignatureFailure' });
    expect(fake.refused).toBe(refusedBefore + 1);
  });

  it("reports the provider's refusal of a number", async () => {
    const outcome = await tencentSms(options('secret-key-test')).send({ phone: '12345', templateId: '2000001', params: [] });
    expect(outcome).toMatchObject({ ok: false, code: 'InvalidParameterValue.IncorrectPhoneNumber' });
  });
});
