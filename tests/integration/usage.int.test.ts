import { describe, expect, inject, it } from 'vitest';
import { unique } from '../support/deps';
import { bindTenant, call } from '../support/http';

const api = inject('apiUrl');
const admin = inject('adminKey');

async function tenantWithMeter(): Promise<{ meterId: string; token: string }> {
  const tariff = await call(api, '/v1/admin/tariffs', { token: admin, body: { name: 'flat', utility: 'electricity', kind: 'flat', price: '0.60' } });
  const meterId = unique('U');
  expect((await call(api, '/v1/admin/meters', { token: admin, body: { id: meterId, utility: 'electricity', protocol: 'dlt645', address: '123456789012', platform: 'simulator', deviceId: `u-${meterId}`, tariffId: tariff.body.id } })).status).toBe(201);
  const token = (await call(api, '/v1/auth/login', { body: { code: `local:${unique('ut')}` } })).body.token as string;
  expect((await bindTenant(api, admin, token, meterId)).status).toBe(201);
  return { meterId, token };
}

const reading = (meterId: string, value: number, at: string) => call(api, `/v1/admin/meters/${meterId}/readings`, { token: admin, body: { value, unit: 'Wh', at } });

describe('GET /v1/meters/{meterId}/usage', () => {
  it("serves a meter's consumption by hour, day and month, from the aggregates, zero where nothing was used", async () => {
    const { meterId, token } = await tenantWithMeter();
    await reading(meterId, 1_000_000, '2026-10-31T23:00:00+08:00');
    await reading(meterId, 1_002_000, '2026-11-01T01:30:00+08:00'); // 2 kWh in the hour from 01:00, 1 Nov: 1.20 yuan
    await reading(meterId, 1_002_500, '2026-11-01T08:10:00+08:00'); // 0.5 kWh at 08:00: 0.30 yuan
    await reading(meterId, 1_007_500, '2026-11-20T12:00:00+08:00'); // 5 kWh on 20 Nov: 3.00 yuan
    const usage = (query: string) => call(api, `/v1/meters/${meterId}/usage?${query}`, { token });

    const hours = await usage('granularity=hour&from=2026-11-01&to=2026-11-01');
    expect(hours.status).toBe(200);
    expect(hours.body).toMatchObject({ meterId, unit: 'Wh', granularity: 'hour', total: { quantity: 2_500, costFen: 150 } });
    expect(hours.body.buckets).toHaveLength(24);
    expect(hours.body.buckets.filter((b: { quantity: number }) => b.quantity > 0)).toEqual([
      { start: '2026-11-01T01', quantity: 2_000, costFen: 120 },
      { start: '2026-11-01T08', quantity: 500, costFen: 30 },
    ]);

    const days = await usage('granularity=day&from=2026-11-01&to=2026-11-30');
    expect(days.body.buckets).toHaveLength(30);
    expect(days.body.buckets.filter((b: { quantity: number }) => b.quantity > 0).map((b: { start: string }) => b.start)).toEqual(['2026-11-01', '2026-11-20']);
    expect(days.body.total).toEqual({ quantity: 7_500, costFen: 450 });

    const months = await usage('granularity=month&from=2026-10&to=2026-12');
    expect(months.body.buckets).toEqual([
      { start: '2026-10', quantity: 0, costFen: 0 },
      { start: '2026-11', quantity: 7_500, costFen: 450 },
      { start: '2026-12', quantity: 0, costFen: 0 },
    ]);
  });

  it('refuses a range too long, backwards or malformed with 400, and another tenant’s meter with 404', async () => {
    const { meterId, token } = await tenantWithMeter();
    const usage = (query: string, as = token) => call(api, `/v1/meters/${meterId}/usage?${query}`, { token: as });
    for (const query of [
      'granularity=hour&from=2026-11-01&to=2026-11-08',
      'granularity=day&from=2026-11-30&to=2026-11-01',
      'granularity=day&from=2026-02-30&to=2026-03-01',
      'granularity=month&from=2026-11-01&to=2026-12',
      'granularity=month&from=2020-01&to=2026-12',
      'granularity=week&from=2026-11-01&to=2026-11-01',
      'granularity=day&from=2026-11-01',
    ]) {
      const answer = await usage(query);
      expect([answer.status, answer.body.error?.code], query).toEqual([400, 'request.invalid']);
    }
    const stranger = (await call(api, '/v1/auth/login', { body: { code: `local:${unique('us')}` } })).body.token as string;
    expect((await usage('granularity=day&from=2026-11-01&to=2026-11-02', stranger)).status).toBe(404);
  });
});

describe('GET /v1/meters/{meterId}/usage/insights', () => {
  it('agrees with the usage route on this month and last, and places a tiered meter in its cycle', async () => {
    const tariff = await call(api, '/v1/admin/tariffs', { token: admin, body: { name: '阶梯', utility: 'electricity', kind: 'tiered', cycle: 'month', tiers: [{ upTo: 240, price: '0.4883' }, { upTo: 400, price: '0.5383' }, { upTo: null, price: '0.7883' }] } });
    const meterId = unique('UI');
    expect((await call(api, '/v1/admin/meters', { token: admin, body: { id: meterId, utility: 'electricity', protocol: 'dlt645', address: '123456789012', platform: 'simulator', deviceId: `ui-${meterId}`, tariffId: tariff.body.id } })).status).toBe(201);
    const token = (await call(api, '/v1/auth/login', { body: { code: `local:${unique('ut')}` } })).body.token as string;
    expect((await bindTenant(api, admin, token, meterId)).status).toBe(201);
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
    await reading(meterId, 1_000_000, ago(40 * 86_400_000));
    await reading(meterId, 1_300_000, ago(20 * 86_400_000));
    await reading(meterId, 1_550_000, ago(2 * 60_000));

    const insights = await call(api, `/v1/meters/${meterId}/usage/insights`, { token });
    expect(insights.status).toBe(200);
    const { thisMonth, lastMonth, tier } = insights.body;
    const months = await call(api, `/v1/meters/${meterId}/usage?granularity=month&from=${lastMonth.month}&to=${thisMonth.month}`, { token });
    expect(months.body.buckets).toEqual([
      { start: lastMonth.month, quantity: lastMonth.quantity, costFen: lastMonth.costFen },
      { start: thisMonth.month, quantity: thisMonth.quantity, costFen: thisMonth.costFen },
    ]);
    expect(lastMonth.quantity + thisMonth.quantity).toBeGreaterThan(0);
    const thresholds = [240_000, 400_000];
    const current = thresholds.findIndex((upTo) => tier.used < upTo);
    expect(tier).toEqual({
      cycle: 'month',
      used: thisMonth.quantity,
      current: current === -1 ? 3 : current + 1,
      toNext: current === -1 ? null : thresholds[current]! - thisMonth.quantity,
      tiers: [{ upTo: 240_000, price: '0.4883' }, { upTo: 400_000, price: '0.5383' }, { upTo: null, price: '0.7883' }],
    });
    expect(insights.body.tou).toBeNull();
    const stranger = (await call(api, '/v1/auth/login', { body: { code: `local:${unique('us')}` } })).body.token as string;
    expect((await call(api, `/v1/meters/${meterId}/usage/insights`, { token: stranger })).status).toBe(404);
  });
});
