import { describe, expect, it } from 'vitest';
import { loadConfig } from './index';

describe('loadConfig', () => {
  it('runs locally on defaults alone', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ stage: 'local', tableName: 'prepaid-local', dynamodbEndpoint: undefined, wechat: { mode: 'local' } });
  });

  it('treats empty strings (serverless.yml fallbacks) as unset', () => {
    expect(loadConfig({ DYNAMODB_ENDPOINT: '', BOOTSTRAP_ADMIN_KEY: '' })).toMatchObject({ dynamodbEndpoint: undefined, bootstrapAdminKey: undefined });
  });

  it('defaults a deployed stage to live WeChat login, never to local codes', () => {
    expect(loadConfig({ STAGE: 'prod' }).wechat.mode).toBe('live');
  });

  it('refuses to start a deployed stage given local WeChat login or the payment sandbox, and says which', () => {
    expect(() => loadConfig({ STAGE: 'prod', WECHAT_MODE: 'local' })).toThrow(/WECHAT_MODE=local/);
    expect(() => loadConfig({ STAGE: 'staging', WECHATPAY_MODE: 'sandbox' })).toThrow(/WECHATPAY_MODE=sandbox/);
    expect(loadConfig({ STAGE: 'test', WECHAT_MODE: 'local', WECHATPAY_MODE: 'sandbox' }).wechat.mode).toBe('local');
  });

  it('rejects a malformed value instead of guessing', () => {
    expect(() => loadConfig({ WECHAT_MODE: 'maybe' })).toThrow();
    expect(() => loadConfig({ SESSION_TTL_HOURS: '-1' })).toThrow();
  });
});
