import Taro from '@tarojs/taro';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, ok } from '../test/fake-api';
import { ORDER } from '../test/recharge-api';
import { setBearerToken } from './client';
import { PAYMENT_FAILED_CODE, payInSandbox, payInWeChat, payOrder } from './payment';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  setBearerToken(null);
});

describe('payInWeChat', () => {
  it('passes the order parameters to wx.requestPayment with RSA signing', async () => {
    const requestPayment = vi.spyOn(Taro, 'requestPayment').mockResolvedValue({ errMsg: 'requestPayment:ok' });

    await expect(payInWeChat(ORDER.payParams)).resolves.toBe('submitted');

    expect(requestPayment).toHaveBeenCalledWith({
      timeStamp: '1763700000',
      nonceStr: 'nonce-1',
      package: 'prepay_id=wx-prepay-1',
      signType: 'RSA',
      paySign: 'c2lnbmF0dXJl',
    });
  });

  it('treats the user cancelling as an outcome, not an error', async () => {
    vi.spyOn(Taro, 'requestPayment').mockRejectedValue({ errMsg: 'requestPayment:fail cancel' });

    await expect(payInWeChat(ORDER.payParams)).resolves.toBe('cancelled');
  });

  it('rejects any other failure as payment.failed with the errMsg', async () => {
    vi.spyOn(Taro, 'requestPayment').mockRejectedValue({ errMsg: 'requestPayment:fail invalid paySign' });

    await expect(payInWeChat(ORDER.payParams)).rejects.toMatchObject({
      code: PAYMENT_FAILED_CODE,
      message: 'WeChat Pay failed: requestPayment:fail invalid paySign',
    });
  });
});

describe('payInSandbox', () => {
  it('pays the order on the page origin, without the session token', async () => {
    setBearerToken('tok-secret');
    const { seen } = fakeApi({ 'POST /sandbox/pay/RC%2F1': () => ok({ tradeState: 'SUCCESS' }) });

    await expect(payInSandbox('RC/1')).resolves.toBe('submitted');

    expect(seen).toHaveLength(1);
    expect(seen[0]?.header.Authorization).toBeUndefined();
  });

  it("maps the sandbox's WeChat-style error and the proxy's API-style error", async () => {
    fakeApi({
      'POST /sandbox/pay/unknown': () => ({ statusCode: 404, data: { code: 'ORDER_NOT_EXIST', message: '订单不存在' } }),
      'POST /sandbox/pay/offline': () => ({
        statusCode: 502,
        data: { error: { code: 'upstream.unreachable', message: 'sandbox is not answering' } },
      }),
    });

    await expect(payInSandbox('unknown')).rejects.toMatchObject({ code: 'wechatpay.order_not_exist', status: 404 });
    await expect(payInSandbox('offline')).rejects.toMatchObject({ code: 'upstream.unreachable', status: 502 });
  });
});

describe('payOrder', () => {
  it('uses the sandbox on H5 and WeChat Pay in the mini-program', async () => {
    const { seen } = fakeApi({ [`POST /sandbox/pay/${ORDER.outTradeNo}`]: () => ok({}) });
    const requestPayment = vi.spyOn(Taro, 'requestPayment').mockResolvedValue({ errMsg: 'requestPayment:ok' });

    await payOrder(ORDER.outTradeNo, ORDER.payParams);
    expect(seen).toHaveLength(1);
    expect(requestPayment).not.toHaveBeenCalled();

    vi.stubEnv('TARO_ENV', 'weapp');
    await payOrder(ORDER.outTradeNo, ORDER.payParams);
    expect(seen).toHaveLength(1);
    expect(requestPayment).toHaveBeenCalledTimes(1);
  });
});
