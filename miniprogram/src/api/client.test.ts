import { afterEach, describe, expect, it, vi } from 'vitest';
import Taro from '@tarojs/taro';
import { fail, fakeApi, ok } from '../test/fake-api';
import { ApiError } from './api-error';
import { requestJson, setBearerToken } from './client';

afterEach(() => {
  vi.restoreAllMocks();
  setBearerToken(null);
});

describe('requestJson', () => {
  it('sends H5 calls to the same origin and resolves with the 2xx body', async () => {
    const { seen } = fakeApi({ 'GET /v1/health': () => ok({ status: 'ok', version: '1.2.3' }) });

    const body = await requestJson('GET', '/v1/health');

    expect(body).toEqual({ status: 'ok', version: '1.2.3' });
    expect(seen[0]?.url).toBe('/v1/health');
    expect(seen[0]?.header.Authorization).toBeUndefined();
  });

  it('rejects a 4xx with the code and message of the error body', async () => {
    fakeApi({ 'GET /v1/me': () => fail(401, 'auth.unauthorized', 'Missing or invalid credentials') });

    const error: unknown = await requestJson('GET', '/v1/me').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'auth.unauthorized', status: 401, message: 'Missing or invalid credentials' });
  });

  it('attaches the bearer token and a JSON body once logged in', async () => {
    const { seen } = fakeApi({ 'POST /v1/bindings': () => ({ statusCode: 201, data: { meterId: 'E-1' } }) });
    setBearerToken('tok-123');

    await requestJson('POST', '/v1/bindings', { scene: 'm=E-1' });

    expect(seen[0]?.header).toMatchObject({ Authorization: 'Bearer tok-123', 'Content-Type': 'application/json' });
    expect(seen[0]?.data).toEqual({ scene: 'm=E-1' });
  });

  it('turns a transport failure into network.unreachable', async () => {
    vi.spyOn(Taro, 'request').mockRejectedValue(new TypeError('Failed to fetch'));

    await expect(requestJson('GET', '/v1/health')).rejects.toMatchObject({ code: 'network.unreachable', status: 0 });
  });
});
