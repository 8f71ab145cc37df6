/**
 * The one base error of the platform. Every failure a caller can act on is an
 * `AppError` with a stable dotted `code` (what clients branch on) and the HTTP
 * `status` it maps to; the message is for humans and may change.
 *
 * @example
 * throw new AppError('meter.not_found', 404, `No meter "${id}"`);
 */
export class AppError extends Error {
  override readonly name: string = 'AppError';
  readonly code: string;
  readonly status: number;
  /** Extra facts safe to show a client (e.g. which field failed). */
  readonly details?: Record<string, unknown>;

  constructor(
    code: string,
    status: number,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = status;
    this.details = options.details;
  }

  /** The client-facing shape, `{ code, message, ...details }`: never the cause or the stack. */
  toJSON(): { code: string; message: string } & Record<string, unknown> {
    return { code: this.code, message: this.message, ...(this.details ?? {}) };
  }
}

/** A body, query or path parameter failed validation; `field` names the first culprit. */
export class ValidationError extends AppError {
  override readonly name = 'ValidationError';
  constructor(message: string, field: string | undefined, issues: readonly ValidationIssue[], code = 'request.invalid') {
    super(code, 400, message, { details: { field, issues } });
  }
}

export interface ValidationIssue {
  /** Dotted path of the offending field, `''` for the whole body. */
  readonly field: string;
  readonly message: string;
}

export const notFound = (code: string, message: string): AppError => new AppError(code, 404, message);
export const unauthorized = (message = 'Missing or invalid credentials'): AppError =>
  new AppError('auth.unauthorized', 401, message);
export const forbidden = (message = 'Not allowed'): AppError => new AppError('auth.forbidden', 403, message);
export const conflict = (code: string, message: string): AppError => new AppError(code, 409, message);
export const unavailable = (code: string, message: string): AppError => new AppError(code, 503, message);

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
