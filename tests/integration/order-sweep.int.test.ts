import { describe, expect, it } from 'vitest';
import type { PaymentGateway } from '../../functions/src/adapters/wechatpay';
import { createRecharge, sweepPendingOrders } from '../../functions/src/services/recharges';
import { integrationDeps, unique } from '../support/deps';
import { meterRecord } from '../support/fixtures';

/**
 * The sweep's logic over real DynamoDB, with WeChat Pay stubbed at the gateway
 * boundary (the gateway itself is tested against the sandbox): what WeChat
 * answers to a query decides what happens to a pending order.
 */
function fakeWechat(states: Map<string, 'SUCCESS' | 'NOTPAY' | 'PAYERROR'>, closed: string[]) {
  let prepays = 0;
  const merchant = { mchid: 'm-1', appid: 'wx-app' };
  const gateway: Partial<PaymentGateway> = {
    merchant,
    async prepayJsapi(request) {
      prepays += 1;
      states.set(request.outTradeNo, 'NOTPAY');
      return { prepayId: `wx${prepays}`, payParams: { appId: merchant.appid, timeStamp: '1', nonceStr: 'n', package: `prepay_id=wx${prepays}`, signType: 'RSA', paySign: 's' } };
    },
    async queryByOutTradeNo(outTradeNo) {
      if (outTradeNo.startsWith('STUCK')) throw new Error('WeChat Pay could not be reached');
      const tradeState = states.get(outTradeNo) ?? 'NOTPAY';
      return {
        tradeState,
        outTradeNo,
        ...merchant,
        ...(tradeState === 'SUCCESS' ? { transactionId: `tx-${outTradeNo}`, amountFen: 2500, successTime: '2026-11-21T16:00:00+08:00' } : {}),
      } as Awaited<ReturnType<PaymentGateway['queryByOutTradeNo']>>;
    },
    async close(outTradeNo) {
      closed.push(outTradeNo);
    },
  };
  return gateway as PaymentGateway;
}

describe('the sweep of pending recharge orders', () => {
  it('settles a paid order whose notification was lost, once, and closes an expired unpaid one', async () => {
    const states = new Map<string, 'SUCCESS' | 'NOTPAY' | 'PAYERROR'>();
    const closed: string[] = [];
    const base = integrationDeps({ now: new Date('2026-11-21T08:00:00Z') });
    const deps = { ...base, payments: fakeWechat(states, closed), config: { ...base.config, payments: { ...base.config.payments, mchid: 'm-1', appid: 'wx-app' }, wechat: { ...base.config.wechat, appId: 'wx-app' } } };
    const meterId = unique('E');
    await deps.store.meters.create(meterRecord(meterId));
    await deps.store.meters.bind('tenant-sweep', meterId, '2026-11-21T00:00:00Z');
    const tenant = { kind: 'user', openid: 'tenant-sweep', roles: ['tenant'] } as const;
    const paid = await createRecharge(deps, tenant, { meterId, amountFen: 2500 });
    const unpaid = await createRecharge(deps, tenant, { meterId, amountFen: 700 });
    states.set(paid.outTradeNo, 'SUCCESS');

    deps.clock.advance(60_000); // too early: a notification may still come
    expect(await sweepPendingOrders(deps)).toEqual({ settled: 0, closed: 0 });
    deps.clock.advance(4 * 60_000);
    expect(await sweepPendingOrders(deps)).toEqual({ settled: 1, closed: 0 });
    expect((await deps.store.meters.getView(meterId))?.balanceFen).toBe(2500);
    expect((await deps.store.orders.get(paid.outTradeNo))?.status).toBe('paid');

    deps.clock.advance(15 * 60_000); // past the 15-minute expiry
    expect(await sweepPendingOrders(deps)).toEqual({ settled: 0, closed: 1 });
    expect(closed).toEqual([unpaid.outTradeNo]);
    expect((await deps.store.orders.get(unpaid.outTradeNo))?.status).toBe('closed');
    expect((await deps.store.ledger.list(meterId, { limit: 10 })).items).toHaveLength(1);
  });

  it('makes progress past orders that never settle: they fall behind, newer ones are checked', async () => {
    const states = new Map<string, 'SUCCESS' | 'NOTPAY' | 'PAYERROR'>();
    const closed: string[] = [];
    const base = integrationDeps({ now: new Date('2026-11-22T08:00:00Z') });
    const deps = { ...base, payments: fakeWechat(states, closed), config: { ...base.config, payments: { ...base.config.payments, mchid: 'm-1', appid: 'wx-app' }, wechat: { ...base.config.wechat, appId: 'wx-app' } } };
    const meterId = unique('E');
    await deps.store.meters.create(meterRecord(meterId));
    await deps.store.meters.bind('tenant-stuck', meterId, '2026-11-22T00:00:00Z');
    // Sixty older orders whose every query fails, more than one sweep takes.
    const createdAt = deps.clock.now().toISOString();
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        deps.store.orders.create(
          { outTradeNo: `STUCK${meterId.replace(/-/g, '')}${i}`.slice(0, 32), meterId, openid: 'tenant-stuck', amountFen: 100, status: 'pending', createdAt, expiresAt: createdAt, prepayId: 'wx-stuck', checks: 0 },
          createdAt,
        ),
      ),
    );
    deps.clock.advance(60_000);
    const unpaid = await createRecharge(deps, { kind: 'user', openid: 'tenant-stuck', roles: ['tenant'] }, { meterId, amountFen: 700 });
    deps.clock.advance(20 * 60_000); // the newer order has expired unpaid
    for (let sweep = 0; sweep < 3; sweep++) await sweepPendingOrders(deps);
    expect(closed).toContain(unpaid.outTradeNo);
    expect((await deps.store.orders.get(unpaid.outTradeNo))?.status).toBe('closed');
  });
});
