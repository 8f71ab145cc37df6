import { createPrivateKey } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { signNotification } from '../../functions/src/adapters/wechatpay';
import { waitFor } from '../../scripts/lib/processes';
import { integrationDeps, unique } from '../support/deps';
import { meterRecord } from '../support/fixtures';
import { bindTenant, call } from '../support/http';

const api = inject('apiUrl');
const admin = inject('adminKey');
const wx = inject('wechatPay');
const deps = integrationDeps();
const signingKey = createPrivateKey(wx.certPrivateKeyPem);

/** A tenant bound to a fresh meter (on a real tariff), logged in. */
async function tenantWithMeter(): Promise<{ token: string; openid: string; meterId: string }> {
  const tariff = await call(api, '/v1/admin/tariffs', { body: { name: 'flat', utility: 'electricity', kind: 'flat', price: '1.00' }, token: inject('adminKey') });
  const meterId = unique('E');
  await deps.store.meters.create(meterRecord(meterId, { tariffId: tariff.body.id, tariffAssignments: [{ tariffId: tariff.body.id, effectiveFrom: '1999-12-31T16:00:00.000Z' }] }));
  const openid = unique('o');
  const token = (await call(api, '/v1/auth/login', { body: { code: `local:${openid}` } })).body.token;
  expect((await bindTenant(api, admin, token, meterId)).status).toBe(201);
  return { token, openid, meterId };
}

const balanceOf = async (meterId: string) => (await deps.store.meters.getView(meterId))?.balanceFen;

/** A TRANSACTION.SUCCESS notification for an order, signed with the tests' platform certificate. */
function paidNotification(outTradeNo: string, amountFen: number, openid: string, overrides: { mchid?: string; appid?: string; now?: Date } = {}) {
  return signNotification({
    eventType: 'TRANSACTION.SUCCESS',
    privateKey: signingKey,
    serial: wx.certSerial,
    apiV3Key: wx.apiV3Key,
    now: overrides.now ?? new Date(),
    resource: {
      mchid: overrides.mchid ?? wx.mchid,
      appid: overrides.appid ?? wx.appid,
      out_trade_no: outTradeNo,
      transaction_id: `42000${Date.now()}${Math.floor(Math.random() * 1e6)}`,
      trade_type: 'JSAPI',
      trade_state: 'SUCCESS',
      trade_state_desc: '支付成功',
      bank_type: 'OTHERS',
      attach: '',
      success_time: '2026-11-21T16:00:00+08:00',
      payer: { openid },
      amount: { total: amountFen, payer_total: amountFen, currency: 'CNY', payer_currency: 'CNY' },
    },
  });
}

const notify = (n: { headers: Record<string, string>; body: string }) =>
  fetch(`${api}/v1/webhooks/wechatpay`, { method: 'POST', headers: n.headers, body: n.body }).then(async (r) => ({ status: r.status, body: (await r.json()) as { code: string } }));

describe('WeChat Pay recharges', () => {
  it('recharges 50 yuan through the sandbox: prepay, pay, signed notification, +5000 fen once', async () => {
    const { token, meterId } = await tenantWithMeter();
    const order = await call(api, '/v1/recharges', { body: { meterId, amountFen: 5000 }, token });
    expect(order.status).toBe(201);
    expect(order.body.payParams).toMatchObject({ appId: wx.appid, signType: 'RSA', package: expect.stringMatching(/^prepay_id=/) });
    expect((await call(api, `/v1/recharges/${order.body.outTradeNo}`, { token })).body.status).toBe('pending');
    const paid = await fetch(`${wx.sandboxUrl}/sandbox/pay/${order.body.outTradeNo}`, { method: 'POST' });
    expect(paid.ok).toBe(true);
    await waitFor('the paid notification', async () => (await call(api, `/v1/recharges/${order.body.outTradeNo}`, { token })).body.status === 'paid', 15_000);
    expect(await balanceOf(meterId)).toBe(5000);
    const ledger = await call(api, `/v1/meters/${meterId}/ledger`, { token });
    expect(ledger.body.items).toMatchObject([{ kind: 'recharge', amountFen: 5000, method: 'wechat_pay', balanceAfterFen: 5000 }]);
  });

  it('credits ten concurrent copies of one notification once', async () => {
    const { token, meterId, openid } = await tenantWithMeter();
    const order = await call(api, '/v1/recharges', { body: { meterId, amountFen: 1234 }, token });
    const notification = paidNotification(order.body.outTradeNo, 1234, openid);
    const answers = await Promise.all(Array.from({ length: 10 }, () => notify(notification)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(await balanceOf(meterId)).toBe(1234);
    expect((await deps.store.ledger.list(meterId, { limit: 50 })).items).toHaveLength(1);
  });

  it('credits nothing for a forged signature, a tampered ciphertext, a stale timestamp, an unknown serial', async () => {
    const { token, meterId, openid } = await tenantWithMeter();
    const order = await call(api, '/v1/recharges', { body: { meterId, amountFen: 800 }, token });
    const good = paidNotification(order.body.outTradeNo, 800, openid);
    const forged = { ...good, headers: { ...good.headers, 'Wechatpay-Signature': Buffer.alloc(256, 1).toString('base64') } };
    const body = JSON.parse(good.body);
    body.resource.ciphertext = Buffer.from(Buffer.from(body.resource.ciphertext, 'base64').map((b: number, i: number) => (i === 3 ? b ^ 1 : b))).toString('base64');
    const tampered = { headers: good.headers, body: JSON.stringify(body) };
    const stale = paidNotification(order.body.outTradeNo, 800, openid, { now: new Date(Date.now() - 300_000) });
    const unknownSerial = { ...good, headers: { ...good.headers, 'Wechatpay-Serial': 'PUB_KEY_ID_0000000000000000000000000000000000' } };
    for (const bad of [forged, tampered, stale, unknownSerial]) {
      const answer = await notify(bad);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(answer.body.code).toBe('FAIL');
    }
    expect(await balanceOf(meterId)).toBe(0);
  });

  it('credits nothing for another merchant or app, and raises an alarm for a wrong amount', async () => {
    const { token, meterId, openid } = await tenantWithMeter();
    const order = await call(api, '/v1/recharges', { body: { meterId, amountFen: 900 }, token });
    expect((await notify(paidNotification(order.body.outTradeNo, 900, openid, { mchid: '1900009999' }))).status).toBe(400);
    expect((await notify(paidNotification(order.body.outTradeNo, 900, openid, { appid: 'wx0000000000000000' }))).status).toBe(400);
    const wrongAmount = await notify(paidNotification(order.body.outTradeNo, 90, openid));
    expect(wrongAmount).toMatchObject({ status: 400, body: { code: 'FAIL' } });
    expect(await balanceOf(meterId)).toBe(0);
    expect((await deps.store.alarms.openFor(meterId)).map((alarm) => alarm.kind)).toContain('payment_mismatch');
    expect((await call(api, `/v1/recharges/${order.body.outTradeNo}`, { token })).body.status).toBe('pending');
  });

  it('refuses a recharge for a meter the tenant is not bound to, and amounts out of range', async () => {
    const { token } = await tenantWithMeter();
    const other = await tenantWithMeter();
    expect((await call(api, '/v1/recharges', { body: { meterId: other.meterId, amountFen: 100 }, token })).status).toBe(404);
    expect((await call(api, '/v1/recharges', { body: { meterId: other.meterId, amountFen: 10_000_001 }, token: other.token })).status).toBe(400);
    expect((await call(api, '/v1/recharges', { body: { meterId: other.meterId, amountFen: 0 }, token: other.token })).status).toBe(400);
  });

  it('answers the notification within WeChat\'s 5 s although the restore it sets off waits on a slow device platform', async () => {
    const { token, openid, meterId } = await (async () => {
      const tariff = await call(api, '/v1/admin/tariffs', { body: { name: 'flat', utility: 'electricity', kind: 'flat', price: '1.00' }, token: inject('adminKey') });
      const id = unique('E');
      await deps.store.meters.create(meterRecord(id, { deviceId: `slow-${id}`, supply: 'off', tariffId: tariff.body.id, tariffAssignments: [{ tariffId: tariff.body.id, effectiveFrom: '1999-12-31T16:00:00.000Z' }] }));
      const who = unique('o');
      const session = (await call(api, '/v1/auth/login', { body: { code: `local:${who}` } })).body.token;
      await bindTenant(api, admin, session, id);
      return { token: session, openid: who, meterId: id };
    })();
    const order = await call(api, '/v1/recharges', { body: { meterId, amountFen: 3000 }, token });
    const started = Date.now();
    const answer = await notify(paidNotification(order.body.outTradeNo, 3000, openid));
    const answeredMs = Date.now() - started;
    expect(answer.status).toBe(200);
    expect(answeredMs).toBeLessThan(5_000);
    expect(await balanceOf(meterId)).toBe(3000);
    // The restore still goes out, after the answer.
    await waitFor('the restore to reach the platform', async () => {
      const { items } = (await (await fetch(`${inject('platformUrl')}/received`)).json()) as { items: { deviceId: string }[] };
      return items.some((item) => item.deviceId === `slow-${meterId}`);
    }, 15_000);
    expect((await deps.store.commands.list(meterId, { limit: 5 })).items.map((command) => command.action)).toEqual(['restore']);
  }, 30_000);
});
