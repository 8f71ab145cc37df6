import type * as TencentSmsSdk from 'tencentcloud-sdk-nodejs-sms';
import type { SendOutcome, SmsSender } from './types';

export interface TencentSmsOptions {
  readonly secretId: string;
  readonly secretKey: string;
  readonly sdkAppId: string;
  readonly signName: string;
  readonly region: string;
  /** `sms.tencentcloudapi.com`, or a local fake's `127.0.0.1:<port>` in tests. */
  readonly endpoint: string;
  readonly protocol: 'https://' | 'http://';
}

/**
 * Tencent Cloud SMS (`SendSms`, API 2021-01-11) through its official SDK,
 * which signs each request (TC3-HMAC-SHA256). Loaded on the first message:
 * only the functions that tell tenants ever need it. Numbers are mainland
 * mobiles, sent in E.164.
 */
export function tencentSms(options: TencentSmsOptions): SmsSender {
  type Client = InstanceType<typeof TencentSmsSdk.sms.v20210111.Client>;
  let client: Promise<Client> | undefined;
  const connect = async (): Promise<Client> => {
    const { sms } = await import('tencentcloud-sdk-nodejs-sms');
    return new sms.v20210111.Client({
      credential: { secretId: options.secretId, secretKey: options.secretKey },
      region: options.region,
      profile: { httpProfile: { endpoint: options.endpoint, protocol: options.protocol, reqTimeout: 10 } },
    });
  };
  return {
    async send(message): Promise<SendOutcome> {
      try {
        client ??= connect().catch((error: unknown) => {
          client = undefined;
          throw error;
        });
        const answer = await (await client).SendSms({
          PhoneNumberSet: [`+86${message.phone}`],
          SmsSdkAppId: options.sdkAppId,
          SignName: options.signName,
          TemplateId: message.templateId,
          TemplateParamSet: [...message.params],
        });
        const status = answer.SendStatusSet?.[0];
        if (status?.Code === 'Ok') return { ok: true, detail: status.SerialNo ?? '' };
        return { ok: false, code: status?.Code ?? 'no-status', refused: false, message: status?.Message ?? 'SMS not sent' };
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'unreachable';
        return { ok: false, code, refused: false, message: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
