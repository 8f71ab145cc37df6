import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { listen, readBody, sendJson, type Started } from './http-util';

export interface FakeSms {
  readonly phone: string;
  readonly templateId: string;
  readonly params: string[];
  readonly signName: string;
  readonly sdkAppId: string;
}

export interface FakeTencentSms extends Started {
  readonly sent: FakeSms[];
  /** Requests refused for a bad signature. */
  readonly refused: number;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/**
 * A local stand-in for Tencent Cloud SMS (`SendSms`, 2021-01-11) that checks
 * what the real one checks first: the TC3-HMAC-SHA256 signature over the
 * canonical request (method, path, signed headers, body hash), its
 * credential scope and a timestamp within 5 minutes. Written from Tencent
 * Cloud's signature v3 documentation, independently of the SDK it tests.
 */
export async function startFakeTencentSms(options: { secretId: string; secretKey: string; port?: number }): Promise<FakeTencentSms> {
  const sent: FakeSms[] = [];
  let refused = 0;
  const started = await listen(async (request, response) => {
    const body = await readBody(request);
    const header = (name: string) => String(request.headers[name] ?? '');
    const requestId = `fake-${sent.length + refused}`;
    const fail = (code: string, message: string) => sendJson(response, 200, { Response: { Error: { Code: code, Message: message }, RequestId: requestId } });
    const auth = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(header('authorization'));
    if (!auth) {
      refused += 1;
      return fail('AuthFailure.SignatureFailure', 'malformed Authorization');
    }
    const [, secretId, date, service, signedHeaders, signature] = auth as unknown as [string, string, string, string, string, string];
    const timestamp = Number(header('x-tc-timestamp'));
    if (secretId !== options.secretId) {
      refused += 1;
      return fail('AuthFailure.SecretIdNotFound', 'unknown SecretId');
    }
    if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300 || new Date(timestamp * 1000).toISOString().slice(0, 10) !== date) {
      refused += 1;
      return fail('AuthFailure.SignatureExpire', 'timestamp too far from now');
    }
    // The real service is addressed without a port; here the port is the fake's, so the signed host is the name alone.
    const signedValue = (name: string) => (name === 'host' ? header('host').replace(/:\d+$/, '') : header(name)).trim().toLowerCase();
    const canonicalHeaders = signedHeaders.split(';').map((name) => `${name}:${signedValue(name)}\n`).join('');
    const canonical = ['POST', request.url?.split('?')[0] ?? '/', request.url?.split('?')[1] ?? '', canonicalHeaders, signedHeaders, sha256(body)].join('\n');
    const toSign = ['TC3-HMAC-SHA256', String(timestamp), `${date}/${service}/tc3_request`, sha256(canonical)].join('\n');
    const key = hmac(hmac(hmac(`TC3${options.secretKey}`, date), service), 'tc3_request');
    const expected = createHmac('sha256', key).update(toSign).digest();
    if (!signedHeaders.includes('content-type') || !signedHeaders.includes('host') || !timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
      refused += 1;
      return fail('AuthFailure.SignatureFailure', 'signature mismatch');
    }
    if (header('x-tc-action').toLowerCase() !== 'sendsms' || header('x-tc-version') !== '2021-01-11') return fail('InvalidAction', 'only SendSms 2021-01-11');
    const input = JSON.parse(body.toString('utf8')) as { PhoneNumberSet?: string[]; SmsSdkAppId?: string; SignName?: string; TemplateId?: string; TemplateParamSet?: string[] };
    const statuses = (input.PhoneNumberSet ?? []).map((number) => {
      if (!/^\+861[3-9]\d{9}$/.test(number)) return { PhoneNumber: number, Code: 'InvalidParameterValue.IncorrectPhoneNumber', Message: 'bad number', SerialNo: '', Fee: 0 };
      sent.push({ phone: number, templateId: input.TemplateId ?? '', params: input.TemplateParamSet ?? [], signName: input.SignName ?? '', sdkAppId: input.SmsSdkAppId ?? '' });
      return { PhoneNumber: number, Code: 'Ok', Message: 'send success', SerialNo: `serial-${sent.length}`, Fee: 1, SessionContext: '', IsoCode: 'CN' };
    });
    sendJson(response, 200, { Response: { SendStatusSet: statuses, RequestId: requestId } });
  }, options.port);
  return {
    ...started,
    sent,
    get refused() {
      return refused;
    },
  };
}
