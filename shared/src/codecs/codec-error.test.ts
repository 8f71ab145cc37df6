import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { CodecError, isCodecError } from './codec-error';

describe('CodecError', () => {
  it('is an AppError with code codec.<reason>, status 400 and the reason in its client shape', () => {
    // Act
    const error = new CodecError('bad_checksum', 'DL/T 645: the checksum does not match', { details: { protocol: 'DL/T 645' } });
    // Assess
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ name: 'CodecError', code: 'codec.bad_checksum', status: 400, reason: 'bad_checksum' });
    expect(error.toJSON()).toEqual({
      code: 'codec.bad_checksum',
      message: 'DL/T 645: the checksum does not match',
      reason: 'bad_checksum',
      protocol: 'DL/T 645',
    });
  });

  it('is recognised by isCodecError, optionally by reason', () => {
    const error = new CodecError('truncated', 'short');
    expect(isCodecError(error)).toBe(true);
    expect(isCodecError(error, 'truncated')).toBe(true);
    expect(isCodecError(error, 'bad_end')).toBe(false);
    expect(isCodecError(new AppError('x.y', 400, 'z'))).toBe(false);
  });
});
