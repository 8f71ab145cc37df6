import { describe, expect, it } from 'vitest';
import { AppError, ValidationError, isAppError, notFound } from './app-error';

describe('AppError', () => {
  it('carries a stable code and status and shows clients neither cause nor stack', () => {
    const cause = new Error('dynamodb exploded');
    const error = new AppError('meter.not_found', 404, 'No meter "x"', { cause, details: { meterId: 'x' } });
    expect(error).toBeInstanceOf(Error);
    expect(error.cause).toBe(cause);
    expect(error.toJSON()).toEqual({ code: 'meter.not_found', message: 'No meter "x"', meterId: 'x' });
    expect(JSON.stringify(error)).not.toContain('exploded');
  });

  it('is recognised by isAppError, and plain errors are not', () => {
    expect(isAppError(notFound('a.b', 'gone'))).toBe(true);
    expect(isAppError(new Error('x'))).toBe(false);
    expect(isAppError({ code: 'a', status: 400 })).toBe(false);
  });

  it('names the offending field of a validation failure', () => {
    const error = new ValidationError('body.code: required', 'body.code', [{ field: 'body.code', message: 'required' }]);
    expect(error.status).toBe(400);
    expect(error.toJSON()).toMatchObject({ code: 'request.invalid', field: 'body.code' });
  });
});
