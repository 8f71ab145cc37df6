import { isAppError } from '@prepaid/shared';
import type { Logger } from '../platform';
import type { LambdaHttpResponse } from './types';

/**
 * The one place errors become HTTP answers. An `AppError` answers its own
 * status and code; anything else is a bug or an outage: logged with its stack,
 * answered 500 with only the request id, so nothing internal leaks.
 */
export function errorToResponse(error: unknown, requestId: string, log: Logger): LambdaHttpResponse {
  if (isAppError(error)) {
    const level = error.status >= 500 ? 'error' : 'info';
    log[level]({ code: error.code, status: error.status, err: error.status >= 500 ? error : undefined }, error.message);
    return jsonResponse(error.status, { error: { ...error.toJSON(), requestId } }, requestId);
  }
  log.error({ err: error }, 'unhandled error');
  return jsonResponse(
    500,
    { error: { code: 'internal', message: 'Internal error; quote the request id when reporting it.', requestId } },
    requestId,
  );
}

export function jsonResponse(
  status: number,
  body: unknown,
  requestId: string,
  headers: Readonly<Record<string, string>> = {},
): LambdaHttpResponse {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId, ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}
