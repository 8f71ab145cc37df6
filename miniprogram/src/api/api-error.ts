/** Code used when the API could not be reached at all (no HTTP status). */
export const NETWORK_ERROR_CODE = 'network.unreachable';

/**
 * A failed API call as the UI sees it: the server's stable dotted `code` (what the
 * UI may branch on), the HTTP `status` (0 when no answer arrived) and a human message.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: string;
  readonly status: number;

  constructor(code: string, status: number, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = status;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Maps a non-2xx answer to an {@link ApiError}. The API answers
 * `{"error":{"code":"dotted.code","message":"…"}}`; anything else (a proxy's HTML page,
 * an empty body) still yields a usable error named after the status.
 *
 * @example
 * toApiError(404, { error: { code: 'meter.not_found', message: 'No meter "m1"' } }).code // 'meter.not_found'
 */
export function toApiError(status: number, body: unknown): ApiError {
  const error = isRecord(body) ? body.error : undefined;
  if (isRecord(error) && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiError(error.code, status, error.message);
  }
  return new ApiError(`http.${status}`, status, `HTTP ${status}`);
}

/**
 * Wraps a transport failure (DNS, refused connection, timeout, `request:fail …`)
 * whose shape differs between weapp and H5.
 */
export function toNetworkError(cause: unknown): ApiError {
  let detail = 'request failed';
  if (isRecord(cause)) {
    if (typeof cause.errMsg === 'string' && cause.errMsg !== '') detail = cause.errMsg;
    else if (typeof cause.message === 'string' && cause.message !== '') detail = cause.message;
  }
  return new ApiError(NETWORK_ERROR_CODE, 0, `Cannot reach the API: ${detail}`, { cause });
}

/** Any thrown value as an {@link ApiError}, so the UI can always show a code and a message. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError('client.unexpected', 0, message, { cause: error });
}
