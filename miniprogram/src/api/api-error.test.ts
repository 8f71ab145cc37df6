import { describe, expect, it } from 'vitest';
import { ApiError, NETWORK_ERROR_CODE, asApiError, toApiError, toNetworkError } from './api-error';

describe('toApiError', () => {
  it('takes code, message and status from the API error body', () => {
    const error = toApiError(404, { error: { code: 'meter.not_found', message: 'No meter "E-9"' } });

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'meter.not_found', message: 'No meter "E-9"', status: 404 });
  });

  it('names the status when the body is not the API error shape', () => {
    expect(toApiError(502, '<html>Bad Gateway</html>')).toMatchObject({ code: 'http.502', status: 502 });
    expect(toApiError(500, null)).toMatchObject({ code: 'http.500', message: 'HTTP 500' });
    expect(toApiError(400, { error: { code: 42 } })).toMatchObject({ code: 'http.400' });
  });
});

describe('toNetworkError', () => {
  it('keeps the weapp errMsg or the H5 message as the detail', () => {
    expect(toNetworkError({ errMsg: 'request:fail timeout' })).toMatchObject({
      code: NETWORK_ERROR_CODE,
      status: 0,
      message: 'Cannot reach the API: request:fail timeout',
    });
    expect(toNetworkError(new TypeError('Failed to fetch')).message).toContain('Failed to fetch');
  });
});

describe('asApiError', () => {
  it('passes an ApiError through and wraps anything else', () => {
    const original = new ApiError('auth.unauthorized', 401, 'Missing token');

    expect(asApiError(original)).toBe(original);
    expect(asApiError(new Error('boom'))).toMatchObject({ code: 'client.unexpected', message: 'boom' });
  });
});
