import { describe, expect, it } from 'vitest';
import { WechatPayError } from '../../adapters/wechatpay';
import { isDefiniteRefusal } from './wechat';

const answer = (httpStatus: number, wechatCode: string | undefined, answerVerified: boolean) =>
  new WechatPayError('wechatpay.rejected', 502, 'x', { httpStatus, ...(wechatCode ? { wechatCode } : {}), answerVerified });

describe('isDefiniteRefusal: only WeChat’s own signed refusal, or our own check before sending, fails a refund part', () => {
  it('takes a signed 4xx with a refusal code as definite', () => {
    for (const code of ['PARAM_ERROR', 'INVALID_REQUEST', 'NOT_ENOUGH', 'RESOURCE_NOT_EXISTS', 'SIGN_ERROR']) expect(isDefiniteRefusal(answer(400, code, true)), code).toBe(true);
    expect(isDefiniteRefusal(new WechatPayError('wechatpay.invalid_request', 400, 'refundFen too large'))).toBe(true);
  });

  it('keeps everything that may hide an accepted refund open: unsigned, forged, rate-limited, timed out, 5xx, unknown codes, other errors', () => {
    expect(isDefiniteRefusal(answer(400, 'INVALID_REQUEST', false))).toBe(false);
    expect(isDefiniteRefusal(answer(408, undefined, false))).toBe(false);
    expect(isDefiniteRefusal(answer(429, 'FREQUENCY_LIMITED', true))).toBe(false);
    expect(isDefiniteRefusal(answer(500, 'SYSTEM_ERROR', true))).toBe(false);
    expect(isDefiniteRefusal(answer(403, 'SOMETHING_NEW', true))).toBe(false);
    expect(isDefiniteRefusal(new WechatPayError('wechatpay.unreachable', 502, 'timeout'))).toBe(false);
    expect(isDefiniteRefusal(new Error('socket hang up'))).toBe(false);
  });
});
