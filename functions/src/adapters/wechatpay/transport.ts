import type { IPayRequest } from 'wechatpay-node-v3/dist/lib/pay-request.interface';
import { WechatPayError } from './errors';

/** The host wechatpay-node-v3 writes into every URL (and strips before signing). */
export const WECHATPAY_API_HOST = 'https://api.mch.weixin.qq.com';
/** Bill files are served unsigned; their integrity is the SHA-1 the bill API gave. */
const UNSIGNED_PATH_PREFIX = '/v3/billdownload/';

/** What the library gets back from a call (its `Output` shape): parsed JSON, or the raw bytes of anything else. */
export interface TransportAnswer {
  status: number;
  data?: unknown;
  /** The body text of a non-2xx answer (WeChat's `{code, message}`). */
  error?: string;
  /** For a non-2xx answer: whether WeChat's signature on it verified (a proxy's error page, or a forged one, does not). */
  verified?: boolean;
}

export interface TransportOptions {
  /** Where the calls really go: WeChat's host live, the sandbox's URL locally. */
  readonly apiBase: string;
  /** Checks WeChat's signature on a 2xx answer; throws when it is wrong. */
  readonly verifyAnswer: (headers: Headers, body: Buffer) => void;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

/**
 * The HTTP service handed to wechatpay-node-v3 through its `createHttp` hook.
 * The library still builds every URL, body and `Authorization` signature (it
 * signs the path with its hard-coded host stripped); this service only swaps
 * that host for `apiBase`, sends the exact JSON the library signed, bounds the
 * wait, and checks the `Wechatpay-Signature` of every 2xx answer, which the
 * library never does. A transport failure throws a {@link WechatPayError};
 * an HTTP error comes back as `{status, error}` for the caller to map.
 */
export function createTransport(options: TransportOptions): IPayRequest {
  const doFetch = options.fetch ?? fetch;
  const base = options.apiBase.replace(/\/+$/, '');

  async function call(method: 'GET' | 'POST', url: string, headers: Record<string, unknown>, body?: string): Promise<TransportAnswer> {
    if (!url.startsWith(`${WECHATPAY_API_HOST}/`)) throw new WechatPayError('wechatpay.bad_request', 500, 'Refusing to send a signed request off the WeChat Pay host');
    const path = url.slice(WECHATPAY_API_HOST.length);
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers: { ...stringValues(headers), 'Accept-Encoding': 'identity' },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(options.timeoutMs ?? 8000),
      });
    } catch (cause) {
      throw new WechatPayError('wechatpay.unreachable', 502, `WeChat Pay could not be reached (${method} ${path.split('?')[0]})`, { cause });
    }
    const raw = Buffer.from(await response.arrayBuffer());
    if (!response.ok) return { status: response.status, error: raw.toString('utf8'), verified: verifies(options, response.headers, raw) };
    if (!path.startsWith(UNSIGNED_PATH_PREFIX)) {
      try {
        options.verifyAnswer(response.headers, raw);
      } catch (cause) {
        throw new WechatPayError('wechatpay.bad_answer_signature', 502, 'A WeChat Pay answer failed its signature check', { cause, httpStatus: response.status });
      }
    }
    return { status: response.status, data: decode(response.headers.get('content-type'), raw) };
  }

  return {
    post: (url, params, headers) => call('POST', url, headers, JSON.stringify(params)),
    get: (url, headers) => call('GET', url, headers),
    upload: () => Promise.reject(new WechatPayError('wechatpay.bad_request', 500, 'Uploads are not used')),
  };
}

/** WeChat signs its error answers too (when our request's signature was good): only such an answer is WeChat's word. */
function verifies(options: TransportOptions, headers: Headers, raw: Buffer): boolean {
  try {
    options.verifyAnswer(headers, raw);
    return true;
  } catch {
    return false;
  }
}

function decode(contentType: string | null, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  if (!contentType?.includes('json')) return raw;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch (cause) {
    throw new WechatPayError('wechatpay.bad_answer', 502, 'WeChat Pay answered JSON that does not parse', { cause });
  }
}

const stringValues = (headers: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined).map(([key, value]) => [key, String(value)]));
