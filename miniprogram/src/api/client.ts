import Taro from '@tarojs/taro';
import { toApiError, toNetworkError } from './api-error';
import { resolveApiBase } from './base-url';

/** Give up on a request after this long; the UI then shows a network error. */
const REQUEST_TIMEOUT_MS = 15_000;

let bearerToken: string | null = null;

/** Sets (or clears with `null`) the token sent as `Authorization: Bearer …` on every call. */
export function setBearerToken(token: string | null): void {
  bearerToken = token;
}

/** How to get a fresh token after a 401 (the session store registers it); resolves null when it could not. */
let renewToken: (() => Promise<string | null>) | null = null;
/** The renewal in flight: calls refused at the same moment share it. */
let renewing: Promise<string | null> | null = null;

/**
 * Registers the one place that logs in again when the API answers 401 to a
 * call made with the shared token (an expired or revoked session): the call
 * is then made once more with the new token. Login calls and calls made with
 * an explicit token are never renewed.
 */
export function onUnauthorized(renew: (() => Promise<string | null>) | null): void {
  renewToken = renew;
}

export type HttpMethod = 'GET' | 'POST';

export interface RequestOptions {
  /** More headers (e.g. `Idempotency-Key`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Sends this token instead of the one set with {@link setBearerToken} (used while logging in). */
  bearerToken?: string;
}

/** What Taro may hand back as a body: parsed JSON, text, or null for an empty body. */
type ResponseBody = TaroGeneral.IAnyObject | string;

/**
 * Calls the API and resolves with the parsed JSON body of a 2xx answer.
 * Rejects with an {@link ApiError}: the server's code and message for a 4xx/5xx,
 * `network.unreachable` when no answer arrived.
 *
 * The body is typed, not validated: the mini-program imports the shared types only,
 * so the schema library stays out of the bundle.
 */
export async function requestJson<T>(
  method: HttpMethod,
  path: string,
  body?: object,
  options: RequestOptions = {},
): Promise<T> {
  const header: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (body !== undefined) header['Content-Type'] = 'application/json';
  const token = options.bearerToken ?? bearerToken;
  if (token !== null) header.Authorization = `Bearer ${token}`;
  // The body's shape is only known once the status is: keep it opaque until then.
  let response: Taro.request.SuccessCallbackResult<ResponseBody>;
  try {
    response = await Taro.request<ResponseBody>({
      url: `${resolveApiBase()}${path}`,
      method,
      header,
      dataType: 'json',
      timeout: REQUEST_TIMEOUT_MS,
      ...(body === undefined ? {} : { data: body }),
    });
  } catch (cause) {
    throw toNetworkError(cause);
  }
  if (response.statusCode >= 200 && response.statusCode < 300) return response.data as T;
  if (response.statusCode === 401 && options.bearerToken === undefined && renewToken && !path.startsWith('/v1/auth/')) {
    renewing ??= renewToken().finally(() => {
      renewing = null;
    });
    const renewed = await renewing;
    if (renewed !== null) return requestJson<T>(method, path, body, { ...options, bearerToken: renewed });
  }
  throw toApiError(response.statusCode, response.data);
}
