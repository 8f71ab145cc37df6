import { describe, expect, inject, it } from 'vitest';
import { processReading } from '../../functions/src/services/billing';
import { recordOfflinePayment } from '../../functions/src/services/payments';
import { createMeter, createTariff } from '../../functions/src/services/provisioning';
import { getEntry, listRecords } from '../../functions/src/services/records';
import { integrationDeps, unique } from '../support/deps';
import { bindTenant, call } from '../support/http';

const staff = { kind: 'key', keyId: 'test', roles: ['admin'] } as const;
const api = inject('apiUrl');
const admin = inject('adminKey');

describe('records: days of charges summed, every other entry alone, with the running balance', () => {
  it('sums each Beijing day of charges into one line and pages on whole records', async () => {
    const deps = integrationDeps({ now: new Date('2026-11-20T10:00:00+08:00') });
    const tariff = await createTariff(deps, { id: unique('t'), name: 't', utility: 'electricity', kind: 'flat', price: '1.00' } as never);
    const meterId = unique('R');
    await createMeter(deps, { id: meterId, utility: 'electricity', protocol: 'dlt645', address: '123456789012', platform: 'simulator', deviceId: `r-${meterId}`, tariffId: tariff.id });
    const pay = (amountFen: number) => recordOfflinePayment(deps, staff, meterId, { amountFen, method: 'cash' }, undefined);
    let value = 1_000_000;
    let at = new Date('2026-11-20T00:00:00+08:00').getTime();
    const read = async (wh: number) => {
      value += wh;
      at += 15 * 60_000;
      deps.clock.set(new Date(at + 60_000));
      await processReading(deps, meterId, { value, unit: 'Wh', at: new Date(at), source: 'test' });
    };
    await pay(10_000);
    await read(0); // the baseline
    for (let i = 0; i < 130; i++) await read(100); // 1.00 yuan/kWh: 10 fen each; 20 Nov 00:15 → 21 Nov 08:45
    await pay(500);
    for (let i = 0; i < 3; i++) await read(200);

    const first = await listRecords(deps.store, staff, meterId, { limit: 2 });
    expect(first.items).toEqual([
      expect.objectContaining({ kind: 'charges', day: '2026-11-21', count: 3, quantity: 600, amountFen: -60 }),
      expect.objectContaining({ kind: 'recharge', amountFen: 500, method: 'cash' }),
    ]);
    const second = await listRecords(deps.store, staff, meterId, { limit: 2, cursor: first.next! });
    // Readings every 15 minutes from 00:30 on 20 Nov, each posted a minute later: 94 that day, the other 36 on 21 Nov.
    expect(second.items).toEqual([
      expect.objectContaining({ kind: 'charges', day: '2026-11-21', count: 36, quantity: 3_600, amountFen: -360 }),
      expect.objectContaining({ kind: 'charges', day: '2026-11-20', count: 94, quantity: 9_400, amountFen: -940 }),
    ]);
    const third = await listRecords(deps.store, staff, meterId, { limit: 2, cursor: second.next! });
    expect(third).toEqual({ items: [expect.objectContaining({ kind: 'recharge', amountFen: 10_000, balanceAfterFen: 10_000 })], next: null });

    // The running balance: each line's balance is the one before it plus its amount.
    const all = [...first.items, ...second.items, ...third.items];
    for (let i = 0; i < all.length - 1; i++) expect(all[i]!.balanceAfterFen).toBe(all[i + 1]!.balanceAfterFen + all[i]!.amountFen);
    expect(all[0]!.balanceAfterFen).toBe(10_000 + 500 - 1_360);

    const recharge = third.items[0]!;
    if (recharge.kind === 'charges') throw new Error('expected the recharge');
    expect(await getEntry(deps.store, staff, meterId, recharge.entryId)).toMatchObject({ id: recharge.entryId, kind: 'recharge', amountFen: 10_000, method: 'cash' });
    await expect(getEntry(deps.store, staff, 'another-meter', recharge.entryId)).rejects.toMatchObject({ status: 404 });
  });

  it('over HTTP: a tenant reads their own records and receipts, never another meter’s', async () => {
    const tariff = await call(api, '/v1/admin/tariffs', { token: admin, body: { name: 'r', utility: 'electricity', kind: 'flat', price: '1.00' } });
    const meterId = unique('RH');
    expect((await call(api, '/v1/admin/meters', { token: admin, body: { id: meterId, utility: 'electricity', protocol: 'dlt645', address: '000000000002', platform: 'simulator', deviceId: `rh-${meterId}`, tariffId: tariff.body.id } })).status).toBe(201);
    const token = (await call(api, '/v1/auth/login', { body: { code: `local:${unique('rt')}` } })).body.token as string;
    const stranger = (await call(api, '/v1/auth/login', { body: { code: `local:${unique('rs')}` } })).body.token as string;
    expect((await bindTenant(api, admin, token, meterId)).status).toBe(201);
    const paid = await call(api, `/v1/admin/meters/${meterId}/payments`, { token: admin, body: { amountFen: 3000, method: 'bank_transfer', reference: unique('BANK') } });
    const records = await call(api, `/v1/meters/${meterId}/records`, { token });
    expect(records.body).toEqual({ items: [expect.objectContaining({ kind: 'recharge', entryId: paid.body.entryId, amountFen: 3000, balanceAfterFen: 3000, method: 'bank_transfer' })], next: null });
    expect((await call(api, `/v1/meters/${meterId}/ledger/${paid.body.entryId}`, { token })).body).toMatchObject({ kind: 'recharge', amountFen: 3000 });
    expect((await call(api, `/v1/meters/${meterId}/records`, { token: stranger })).status).toBe(404);
    expect((await call(api, `/v1/meters/${meterId}/ledger/${paid.body.entryId}`, { token: stranger })).status).toBe(404);
    expect((await call(api, `/v1/meters/${meterId}/records?limit=0`, { token })).status).toBe(400);
  });
});
