import { fireEvent, render, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, fail } from '../../test/fake-api';
import { closePage, openPageAt } from '../../test/page-router';
import { aMeter } from '../../test/meters';
import { ORDER, rechargeWorld } from '../../test/recharge-api';
import { queryClient } from '../../data';
import { pagePath } from '../../routes';
import RechargePage from './index';
import { RechargeScreen } from './recharge-screen';

const METER = aMeter({ id: 'E-1', balanceFen: 12345, building: '3号楼', room: '502' });
const FAST = { pollIntervalMs: 5, pollTimeoutMs: 100 };

const $ = (selector: string): Element | null => document.querySelector(selector);
const click = (selector: string): void => {
  const element = $(selector);
  if (element === null) throw new Error(`no ${selector}`);
  fireEvent.click(element);
};
const isDisabled = (selector: string): boolean => $(selector)?.hasAttribute('disabled') ?? false;

/** Renders the screen of METER and waits until its balance is shown. */
async function openRecharge(): Promise<void> {
  render(<RechargeScreen meterId={METER.id} timing={FAST} />);
  await waitFor(() => expect($('#recharge-meter-balance')?.textContent).toBe('¥123.45'));
}

beforeEach(() => {
  window.localStorage.clear();
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  closePage();
});

describe('RechargePage', () => {
  it('shows the meter and keeps pay disabled until an amount is chosen', async () => {
    const { seen } = fakeApi(rechargeWorld(METER, ['paid']).routes);

    await openRecharge();
    click('#pay-button');

    expect($('#recharge-meter-id')?.textContent).toBe('E-1');
    expect($('#recharge-meter-room')?.textContent).toBe('3号楼 · 502');
    expect(isDisabled('#pay-button')).toBe(true);
    expect($('#pay-button')?.className).toContain('is-disabled');
    expect(seen.some((request) => request.url === '/v1/recharges')).toBe(false);

    click('#amount-2000');

    expect(isDisabled('#pay-button')).toBe(false);
    expect($('#amount-2000')?.className).toContain('is-selected');
    expect(document.querySelectorAll('.amount-chip.is-selected')).toHaveLength(1);
    expect($('#pay-button')?.textContent).toBe('支付 ¥20.00');
  });

  it('posts 50 yuan as 5000 fen and pays the order through the sandbox on H5', async () => {
    const { seen } = fakeApi(rechargeWorld(METER, ['paid']).routes);
    await openRecharge();

    click('#amount-5000');
    click('#pay-button');

    await waitFor(() => expect($('#recharge-status')?.textContent).toBe('已到账'));
    const post = seen.find((request) => request.method === 'POST' && request.url === '/v1/recharges');
    expect(post?.data).toEqual({ meterId: 'E-1', amountFen: 5000 });
    const pay = seen.find((request) => request.url.startsWith('/sandbox/'));
    expect(pay).toMatchObject({ method: 'POST', url: `/sandbox/pay/${ORDER.outTradeNo}` });
    expect(pay?.header.Authorization).toBeUndefined();
  });

  it('polls until paid, then stops, shows the re-read balance and marks every cached balance stale', async () => {
    const world = rechargeWorld(METER, ['pending', 'pending', 'paid']);
    fakeApi(world.routes);
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    await openRecharge();

    click('#amount-5000');
    click('#pay-button');

    expect($('#recharge-status')?.textContent).toBe('支付中…');
    expect(isDisabled('#pay-button')).toBe(true);
    await waitFor(() => expect($('#recharge-balance')?.textContent).toBe('¥173.45'));
    expect($('#recharge-status')?.className).toContain('is-paid');
    expect($('#recharge-meter-balance')?.textContent).toBe('¥173.45');
    expect($('#api-error')).toBeNull();
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['user'] });
    await new Promise((resolve) => setTimeout(resolve, FAST.pollIntervalMs * 6));
    expect(world.polls()).toBe(3);
    expect(isDisabled('#pay-button')).toBe(false);
  });

  it('tells a tenant whose power was cut that it returns at the meter’s next report, once paid', async () => {
    const cut = { ...METER, balanceFen: -200, supply: 'off' as const, pendingSupply: null };
    fakeApi(rechargeWorld(cut, ['paid']).routes);
    render(<RechargeScreen meterId={cut.id} timing={FAST} />);
    await waitFor(() => expect($('#recharge-meter-balance')?.textContent).toBe('-¥2.00'));
    click('#amount-5000');
    click('#pay-button');
    await waitFor(() => expect($('#recharge-balance')?.textContent).toBe('¥48.00'));
    expect($('#recharge-supply-notice')?.textContent).toBe('已充值，表计下次上报时恢复供电');
  });

  it('says 支付未完成 when no result arrives in time', async () => {
    const world = rechargeWorld(METER, ['pending']);
    fakeApi(world.routes);
    await openRecharge();

    click('#amount-1000');
    click('#pay-button');

    await waitFor(() => expect($('#recharge-status')?.textContent).toBe('支付未完成'));
    expect($('#recharge-status')?.className).toContain('is-unfinished');
    expect($('#recharge-balance')).toBeNull();
    expect(world.polls()).toBeGreaterThan(1);
  });

  it('shows 已取消, not an error, when the user cancels WeChat Pay', async () => {
    const apiBase = 'https://api.test';
    const world = rechargeWorld(METER, ['paid'], apiBase);
    const { seen } = fakeApi(world.routes);
    const requestPayment = vi
      .spyOn(Taro, 'requestPayment')
      .mockRejectedValue({ errMsg: 'requestPayment:fail cancel' });
    await openRecharge();
    vi.stubEnv('TARO_ENV', 'weapp');
    vi.stubEnv('TARO_APP_API_BASE', apiBase);

    click('#amount-10000');
    click('#pay-button');

    await waitFor(() => expect($('#recharge-status')?.textContent).toBe('已取消'));
    const { appId: _appId, ...wxParams } = ORDER.payParams;
    expect(requestPayment).toHaveBeenCalledWith(wxParams);
    const post = seen.find((request) => request.method === 'POST' && request.url.endsWith('/v1/recharges'));
    expect(post).toMatchObject({ url: `${apiBase}/v1/recharges`, data: { meterId: 'E-1', amountFen: 10000 } });
    expect(seen.some((request) => request.url.includes('/sandbox/'))).toBe(false);
    expect(world.polls()).toBe(0);
    expect($('#api-error')).toBeNull();
    expect(isDisabled('#pay-button')).toBe(false);
  });

  it('shows the code of a refused order as #api-error', async () => {
    const world = rechargeWorld(METER, ['paid']);
    fakeApi({
      ...world.routes,
      'POST /v1/recharges': () => fail(400, 'recharge.amount_too_large', 'Above the limit'),
    });
    await openRecharge();

    click('#amount-20000');
    click('#pay-button');

    await waitFor(() => expect($('#api-error .error-code')?.textContent).toBe('recharge.amount_too_large'));
    expect($('#recharge-status')?.className).toContain('is-error');
    expect($('#retry-button')).toBeNull();
  });

  it('reads the meter from the page address and goes back home with reLaunch', async () => {
    fakeApi(rechargeWorld(METER, ['paid']).routes);
    const reLaunch = vi.spyOn(Taro, 'reLaunch').mockResolvedValue({ errMsg: 'reLaunch:ok' });
    openPageAt(pagePath('recharge'), { meterId: 'E-1' });

    render(<RechargePage />);
    await waitFor(() => expect($('#recharge-meter-id')?.textContent).toBe('E-1'));
    click('#back-home');

    expect(reLaunch).toHaveBeenCalledWith({ url: pagePath('home') });
  });

  it('shows an error, and no pay button to use, when opened without a meter id', () => {
    fakeApi(rechargeWorld(METER, ['paid']).routes);

    render(<RechargePage />);

    expect($('#api-error .error-code')?.textContent).toBe('recharge.meter_missing');
    expect(isDisabled('#pay-button')).toBe(true);
  });
});
