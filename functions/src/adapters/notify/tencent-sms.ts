import * as z from 'zod';
import { tc3Authorization } from './tc3';
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
  readonly timeoutMs?: number;
}

const Answer = z.object({
  Response: z.object({
    Error: z.object({ Code: z.string(), Message: z.string() }).optional(),
    SendStatusSet: z.array(z.object({ Code: z.string(), Message: z.string().optional(), SerialNo: z.string().optional() })).optional(),
  }),
});

/** The service name in the credential scope: always `sms` (the host may be a test's). */
const SERVICE = 'sms';
const CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Tencent Cloud SMS `SendSms` (API 2021-01-11): one signed JSON POST. Written
 * here rather than through the official SDK (tencentcloud-sdk-nodejs-sms)
 * because the SDK weighs 547 KB minified (node-fetch, form-data, a proxy
 * agent, uuid, json-bigint) in every function that may notify, for one
 * request; its signer is the reference the test checks ours against, and a
 * local fake checks the signature over HTTP. Numbers are mainland mobiles,
 * sent in E.164.
 */
export function tencentSms(options: TencentSmsOptions): SmsSender {
  return {
    async send(message): Promise<SendOutcome> {
      const body = JSON.stringify({
        PhoneNumberSet: [`+86${message.phone}`],
        SmsSdkAppId: options.sdkAppId,
        SignName: options.signName,
        TemplateId: message.templateId,
        TemplateParamSet: [...message.params],
      });
      const timestamp = Math.floor(Date.now() / 1000);
      const host = options.endpoint.replace(/:\d+$/, '');
      try {
        const response = await fetch(`${options.protocol}${options.endpoint}/`, {
          method: 'POST',
          headers: {
            'content-type': CONTENT_TYPE,
            authorization: tc3Authorization({ secretId: options.secretId, secretKey: options.secretKey, service: SERVICE, host, contentType: CONTENT_TYPE, body, timestamp }),
            'x-tc-action': 'SendSms',
            'x-tc-version': '2021-01-11',
            'x-tc-region': options.region,
            'x-tc-timestamp': String(timestamp),
          },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
        const answer = Answer.parse(await response.json()).Response;
        if (answer.Error) return { ok: false, code: answer.Error.Code, refused: false, message: answer.Error.Message };
        const status = answer.SendStatusSet?.[0];
        if (status?.Code === 'Ok') return { ok: true, detail: status.SerialNo ?? '' };
        return { ok: false, code: status?.Code ?? 'no-status', refused: false, message: status?.Message ?? 'SMS not sent' };
      } catch (error) {
        return { ok: false, code: 'unreachable', refused: false, message: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
