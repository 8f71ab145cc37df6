import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { liveWeChatMessages } from '../../functions/src/adapters/notify';
import { tencentSms } from '../../functions/src/adapters/notify/tencent-sms';
import { processReading } from '../../functions/src/services/billing';
import { notify } from '../../functions/src/services/notifications';
import { recordOfflinePayment } from '../../functions/src/services/payments';
import { createMeter, createTariff } from '../../functions/src/services/provisioning';
import { decideRefund } from '../../functions/src/services/refunds';
import { requestRefund } from '../../functions/src/services/refunds/request';
import type { StoredNotification } from '../../functions/src/store';
import { startFakeTencentSms, type FakeTencentSms } from '../../scripts/fakes/tencent-sms';
import { startFakeWeChatApi, type FakeWeChatApi } from '../../scripts/fakes/wechat-api';
import { recordedMetrics } from '../../functions/src/platform/metrics';
import { integrationDeps, unique } from '../support/deps';
import { bindTenant, call } from '../support/http';

const api = inject('apiUrl');
const admin = inject('adminKey');
const staff = { kind: 'key', keyId: 'test', roles: ['admin'] } as const;
const START = new Date('2026-11-21T00:00:00Z');

type TestDeps = ReturnType<typeof integrationDeps>;

/** A flat 1.00 yuan/kWh meter (1 fen per 10 Wh) with a baseline, a low-balance line of ¥20 and `balanceFen` on it, bound to `tenants`. */
async function meterWith(deps: TestDeps, balanceFen: number, tenants: readonly string[]) {
  const tariff = await createTariff(deps, { id: unique('t'), name: 't', utility: 'electricity', kind: 'flat', price: '1.00' } as never);
  const id = unique('N');
  await createMeter(deps, { id, utility: 'electricity', protocol: 'dlt645', address: '123456789012', platform: 'ctwing', deviceId: `n-${id}`, tariffId: tariff.id, room: '3-301', lowBalanceFen: 2000 });
  for (const openid of tenants) await deps.store.meters.bind(openid, id, START.toISOString());
  if (balanceFen > 0) await pay(deps, id, balanceFen);
  await reading(deps, id, 1_000_000, 0);
  return id;
}
const pay = (deps: TestDeps, meterId: string, amountFen: number) => recordOfflinePayment(deps, staff, meterId, { amountFen, method: 'cash' }, undefined);
/** A reading `hours` after the start. */
const reading = (deps: TestDeps, meterId: string, value: number, hours: number, valve?: 'open' | 'closed') =>
  processReading(deps, meterId, { value, unit: 'Wh', at: new Date(START.getTime() + hours * 3_600_000), source: 'test', ...(valve ? { status: { valve } } : {}) });

async function records(deps: TestDeps, meterId: string): Promise<StoredNotification[]> {
  const { items } = await deps.store.notifications.listForMeter(meterId, { limit: 100 });
  return items;
}
const ofKind = (items: readonly StoredNotification[], kind: string) => items.filter((item) => item.kind === kind);

describe('notifications, in process (each posting tells what it changed, at once)', () => {
  it('tells a low balance once per crossing, however many readings follow, and again after a recharge and a new crossing', async () => {
    const deps = integrationDeps({ now: new Date('2026-11-22T00:00:00Z') });
    const tenant = unique('ten');
    const meterId = await meterWith(deps, 5000, [tenant]);
    // ¥4 an hour from ¥50: ¥18 after the eighth reading, under the ¥20 line; the ninth stays under it.
    for (let hour = 1; hour <= 9; hour++) await reading(deps, meterId, 1_000_000 + hour * 4_000, hour);
    expect(ofKind(await records(deps, meterId), 'low_balance')).toHaveLength(1);
    // Concurrent readings while low still tell nothing more.
    await Promise.all([10, 11, 12].map((hour) => reading(deps, meterId, 1_000_000 + 9 * 4_000 + (hour - 9) * 10, hour)));
    expect(ofKind(await records(deps, meterId), 'low_balance')).toHaveLength(1);
    await pay(deps, meterId, 10_000);
    expect(await deps.store.alarms.openFor(meterId)).toEqual([]);
    await reading(deps, meterId, 1_000_000 + 9 * 4_000 + 40, 13);
    // ¥113.97 on the wallet, and now ¥5 an hour: once a day of pace is known, under three days left.
    for (let hour = 14; hour <= 33; hour++) await reading(deps, meterId, 1_000_000 + 9 * 4_000 + 40 + (hour - 13) * 5_000, hour);
    const lows = ofKind(await records(deps, meterId), 'low_balance');
    expect(lows).toHaveLength(2);
    expect(new Set(lows.map((low) => low.dedupe)).size).toBe(2);
    expect(lows.every((low) => low.to === tenant && low.text.includes('3-301 电表 余额不足'))).toBe(true);
  });

  it('tells the cut when the meter reports its relay open and the restore when it reports it closed again', async () => {
    const deps = integrationDeps({ now: new Date('2026-11-22T00:00:00Z') });
    const tenant = unique('ten');
    const meterId = await meterWith(deps, 100, [tenant]);
    await reading(deps, meterId, 1_000_000 + 2_000, 1, 'open');
    await reading(deps, meterId, 1_000_000 + 2_000, 2, 'closed');
    await reading(deps, meterId, 1_000_000 + 2_000, 3, 'closed');
    expect(ofKind(await records(deps, meterId), 'supply_cut')).toHaveLength(1);
    await pay(deps, meterId, 3000);
    await reading(deps, meterId, 1_000_000 + 2_000, 4, 'open');
    await reading(deps, meterId, 1_000_000 + 2_010, 5, 'open');
    const all = await records(deps, meterId);
    expect(ofKind(all, 'supply_restored')).toHaveLength(1);
    expect(ofKind(all, 'supply_restored')[0]!.text).toContain('供电已恢复');
  });

  it('tells a credited recharge and a decided refund', async () => {
    const deps = integrationDeps({ now: new Date('2026-11-22T00:00:00Z') });
    const tenant = unique('ten');
    const meterId = await meterWith(deps, 8000, [tenant]);
    const credited = ofKind(await records(deps, meterId), 'recharge_credited');
    expect(credited).toHaveLength(1);
    expect(credited[0]!.text).toBe('3-301 电表 充值 ¥80.00 已到账，余额 ¥80.00');
    const request = await requestRefund(deps, { kind: 'user', openid: tenant, roles: ['tenant'] }, { meterId, amountFen: 1000, reason: '退租' });
    await decideRefund(deps, staff, request.id, { action: 'reject', reason: '请先结清本月水电' });
    const decided = ofKind(await records(deps, meterId), 'refund_decided');
    expect(decided).toHaveLength(1);
    expect(decided[0]!.text).toBe('3-301 电表 退款 ¥10.00 未通过：请先结清本月水电');
  });

  it('records a notice for a meter nobody is bound to, as skipped', async () => {
    const deps = integrationDeps();
    const meterId = await meterWith(deps, 3000, []);
    expect(ofKind(await records(deps, meterId), 'recharge_credited')).toMatchObject([{ to: null, channel: 'none', status: 'skipped' }]);
  });
});

describe('notification channels, against local fakes of WeChat and Tencent Cloud SMS', () => {
  let wechat: FakeWeChatApi;
  let sms: FakeTencentSms;
  beforeAll(async () => {
    wechat = await startFakeWeChatApi({ appId: 'wx-notify', secret: 's' });
    sms = await startFakeTencentSms({ secretId: 'AKID', secretKey: 'key' });
  });
  afterAll(async () => {
    await wechat.close();
    await sms.close();
  });

  function liveDeps() {
    const deps = integrationDeps({ now: new Date('2026-11-22T00:00:00Z') });
    const smsConfig = { mode: 'tencent' as const, secretId: 'AKID', secretKey: 'key', sdkAppId: '1400000001', signName: '安居', region: 'ap-guangzhou', endpoint: `127.0.0.1:${sms.port}`, protocol: 'http://' as const, templates: { recharge_credited: 'S-RC', low_balance: 'S-LB' } };
    return {
      ...deps,
      metrics: recordedMetrics(),
      config: { ...deps.config, notify: { ...deps.config.notify, templates: { recharge_credited: 'T-RC', low_balance: 'T-LB' }, sms: smsConfig } },
      messages: liveWeChatMessages({ apiBase: wechat.url, appId: 'wx-notify', secret: 's', tokens: deps.store.contacts }),
      sms: tencentSms(smsConfig),
    };
  }
  const credited = (dedupe: string) => ({ kind: 'recharge_credited' as const, dedupe, facts: { at: '2026-11-22T00:00:00.000Z', amountFen: 500, balanceFen: 500 } });

  it('uses one WeChat grant per message, then SMS to a known phone, then nothing', async () => {
    const deps = liveDeps();
    const [withPhone, without] = [unique('ten'), unique('ten')];
    const meterId = await meterWith(deps, 0, [withPhone, without]);
    await deps.store.contacts.grant(withPhone, 'recharge_credited', 1, 50);
    await deps.store.contacts.setPhone(withPhone, '13900139000', START.toISOString());
    const first = await notify(deps, meterId, credited(unique('occ')));
    expect(first.find((r) => r.to === withPhone)).toMatchObject({ channel: 'wechat', status: 'sent' });
    expect(first.find((r) => r.to === without)).toMatchObject({ channel: 'none', status: 'skipped', detail: 'no WeChat grant; no phone' });
    expect(wechat.sent.filter((m) => m.touser === withPhone)).toHaveLength(1);
    expect(wechat.sent.at(-1)!.data).toEqual({ thing1: { value: '3-301 电表' }, amount2: { value: '5.00元' }, amount3: { value: '5.00元' }, time4: { value: '2026-11-22 08:00' } });
    const second = await notify(deps, meterId, credited(unique('occ')));
    expect(second.find((r) => r.to === withPhone)).toMatchObject({ channel: 'sms', status: 'sent', detail: 'no WeChat grant' });
    expect(sms.sent.at(-1)).toMatchObject({ phone: '+8613900139000', templateId: 'S-RC', params: ['3-301 电表', '5.00', '5.00'] });
    // Sent twice (WeChat, then SMS); the skipped ones are neither sent nor failed.
    expect(deps.metrics.total('NotificationsSent')).toBe(2);
    expect(deps.metrics.total('NotificationsFailed')).toBe(0);
  });

  it('records 43101, drops the grants it counted and falls back to SMS; never retries WeChat', async () => {
    const deps = liveDeps();
    const tenant = unique('ten');
    const meterId = await meterWith(deps, 0, [tenant]);
    await deps.store.contacts.grant(tenant, 'recharge_credited', 3, 50);
    await deps.store.contacts.setPhone(tenant, '13700137000', START.toISOString());
    wechat.refusing.add(tenant);
    const [record] = await notify(deps, meterId, credited(unique('occ')));
    expect(record).toMatchObject({ channel: 'sms', status: 'sent' });
    expect(record!.detail).toContain('wechat 43101 refused');
    expect((await deps.store.contacts.subscriptions(tenant)).recharge_credited).toBe(0);
  });

  it('tells one occurrence once however many tell it at the same time', async () => {
    const deps = liveDeps();
    const tenant = unique('ten');
    const meterId = await meterWith(deps, 0, [tenant]);
    await deps.store.contacts.grant(tenant, 'recharge_credited', 5, 50);
    const occurrence = credited(unique('occ'));
    const results = await Promise.all(Array.from({ length: 6 }, () => notify(deps, meterId, occurrence)));
    expect(results.flat()).toHaveLength(1);
    expect(wechat.sent.filter((m) => m.touser === tenant)).toHaveLength(1);
    expect((await deps.store.contacts.subscriptions(tenant)).recharge_credited).toBe(4);
  });
});

describe('notification routes over HTTP', () => {
  it('takes what wx.requestSubscribeMessage answered, a phone, and lists a tenant only their own messages', async () => {
    const tariff = await call(api, '/v1/admin/tariffs', { token: admin, body: { name: 'n', utility: 'electricity', kind: 'flat', price: '1.00' } });
    const meterId = unique('NH');
    expect((await call(api, '/v1/admin/meters', { token: admin, body: { id: meterId, utility: 'electricity', protocol: 'dlt645', address: '000000000001', platform: 'simulator', deviceId: `d-${meterId}`, tariffId: tariff.body.id, room: '5-502' } })).status).toBe(201);
    const login = async (openid: string) => (await call(api, '/v1/auth/login', { body: { code: `local:${openid}` } })).body.token as string;
    const [tenant, other] = [unique('ht'), unique('ho')];
    const token = await login(tenant);
    const otherToken = await login(other);
    expect((await bindTenant(api, admin, token, meterId)).status).toBe(201);

    const before = await call(api, '/v1/me/subscriptions', { token });
    expect(before.status).toBe(200);
    expect(before.body.items).toContainEqual({ kind: 'low_balance', templateId: 'local-low_balance', remaining: 0 });
    const accepted = await call(api, '/v1/me/subscriptions', { token, body: { results: { 'local-recharge_credited': 'accept', 'local-low_balance': 'reject' } } });
    expect(accepted.status).toBe(200);
    expect(accepted.body.items).toContainEqual({ kind: 'recharge_credited', templateId: 'local-recharge_credited', remaining: 1 });
    expect(accepted.body.items).toContainEqual({ kind: 'low_balance', templateId: 'local-low_balance', remaining: 0 });
    for (const body of [{ results: { 'someone-elses': 'accept' } }, { results: {} }, { results: { 'local-low_balance': 'maybe' } }, { templates: [] }]) {
      const refused = await call(api, '/v1/me/subscriptions', { token, body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    expect((await call(api, '/v1/me/phone', { token, body: { phone: '1380013800' } })).status).toBe(400);
    expect((await call(api, '/v1/me/phone', { token, body: { phone: '13800138000' } })).body.phone).toBe('138****8000');

    expect((await call(api, `/v1/admin/meters/${meterId}/payments`, { token: admin, body: { amountFen: 2500, method: 'cash' } })).status).toBe(201);
    const mine = await call(api, `/v1/meters/${meterId}/notifications`, { token });
    expect(mine.status).toBe(200);
    expect(mine.body.items).toMatchObject([{ kind: 'recharge_credited', channel: 'wechat', status: 'sent', to: tenant, text: '5-502 电表 充值 ¥25.00 已到账，余额 ¥25.00' }]);
    expect((await call(api, `/v1/meters/${meterId}/notifications`, { token: otherToken })).status).toBe(404);

    const outbox = await call(api, `/v1/admin/notifications?meterId=${meterId}`, { token: admin });
    expect(outbox.status).toBe(200);
    // The tenant's one message; the meter, silent since it was created, also opened an alarm for managers, and it has none.
    const records = outbox.body.items as { kind: string; status: string; to: string | null; detail?: string }[];
    expect(records.filter((record) => record.kind !== 'alarm')).toEqual([expect.objectContaining({ kind: 'recharge_credited', to: tenant })]);
    for (const record of records.filter((item) => item.kind === 'alarm')) expect(record).toMatchObject({ status: 'skipped', to: null, detail: 'no manager for the building' });
    expect((await call(api, '/v1/admin/notifications', { token: admin })).status).toBe(400);
    expect((await call(api, `/v1/admin/notifications?meterId=${meterId}`, { token })).status).toBe(403);
    expect((await call(api, '/v1/admin/notifications?meterId=no-such-meter', { token: admin })).status).toBe(404);
  });
});
