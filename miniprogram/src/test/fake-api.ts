import Taro from '@tarojs/taro';
import { vi, type MockInstance } from 'vitest';

/** What a fake route answers: an HTTP status and a JSON body. */
export interface FakeAnswer {
  statusCode: number;
  data: unknown;
}

/** A request as the fake API saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  header: Record<string, string>;
  data: unknown;
}

/** Routes keyed `'<METHOD> <url>'`, e.g. `'GET /v1/me'`; an answer may come later (a promise), to order answers in a race. */
export type FakeRoutes = Record<string, (request: SeenRequest) => FakeAnswer | Promise<FakeAnswer>>;

/**
 * Replaces Taro.request (the API client's only door to the network) with `routes`.
 * Unknown routes answer 404 in the API's error shape; `seen` records every call.
 */
export function fakeApi(routes: FakeRoutes): { seen: SeenRequest[]; spy: MockInstance } {
  const seen: SeenRequest[] = [];
  const spy = vi.spyOn(Taro, 'request').mockImplementation(((option: Taro.request.Option) => {
    const request: SeenRequest = {
      method: option.method ?? 'GET',
      url: option.url,
      header: (option.header ?? {}) as Record<string, string>,
      data: option.data,
    };
    seen.push(request);
    const route = routes[`${request.method} ${request.url}`];
    const answer = route?.(request) ?? {
      statusCode: 404,
      data: { error: { code: 'route.not_found', message: `No route ${request.method} ${request.url}` } },
    };
    return Promise.resolve(answer).then((settled) => ({ ...settled, header: {}, errMsg: 'request:ok' }));
  }) as unknown as typeof Taro.request);
  return { seen, spy };
}

/** A JSON 200 answer. */
export const ok = (data: unknown): FakeAnswer => ({ statusCode: 200, data });

/** An error answer in the API's `{"error":{code,message}}` shape. */
export const fail = (statusCode: number, code: string, message: string): FakeAnswer => ({
  statusCode,
  data: { error: { code, message } },
});
