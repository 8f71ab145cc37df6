import { AppError, IdempotencyKey, ValidationError } from '@prepaid/shared';
import * as z from 'zod';

/** Validates `input` against `schema`; failure is a 400 naming the first offending field. */
export function validate<T>(schema: z.ZodType<T>, input: unknown, where: 'body' | 'params' | 'query' | 'headers'): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const first = issues[0];
  const message = first ? `${first.field}: ${first.message}` : `invalid ${where}`;
  // A schema may name its own error code (a tariff: `tariff.invalid`), documented with it in OpenAPI.
  const code = schema.meta()?.['x-error-code'];
  throw new ValidationError(message, first?.field, issues, typeof code === 'string' ? code : undefined);
}

/** Decodes the raw body as JSON; an empty body is `undefined`, a malformed one a 400. */
export function parseJsonBody(rawBody: string): unknown {
  if (rawBody.trim() === '') return undefined;
  try {
    return JSON.parse(rawBody) as unknown;
  } catch (cause) {
    throw new AppError('request.malformed_json', 400, 'The body is not valid JSON', { cause });
  }
}

/**
 * The request's `Idempotency-Key` header, bounded (CONTRACT: 1–128 printable
 * characters): undefined when absent, a 400 naming the header when present and invalid.
 */
export function idempotencyKeyOf(headers: Readonly<Record<string, string>>): string | undefined {
  if (headers['idempotency-key'] === undefined) return undefined;
  return validate(IdempotencyHeader, headers, 'headers')['idempotency-key'];
}

const IdempotencyHeader = z.looseObject({ 'idempotency-key': IdempotencyKey });
