import { describe, expect, inject, it } from 'vitest';
import { integrationDeps, unique } from '../support/deps';
import { meterRecord } from '../support/fixtures';
import { bindTenant, call } from '../support/http';

const api = inject('apiUrl');
const admin = inject('adminKey');
const deps = integrationDeps();

async function meterWithTenant() {
  const meterId = unique('E');
  await deps.store.meters.create(meterRecord(meterId, { room: 'C-<b>7</b>' }));
  const token = (await call(api, '/v1/auth/login', { body: { code: `local:${unique('o')}` } })).body.token as string;
  await bindTenant(api, admin, token, meterId);
  return { meterId, token };
}

describe('corrections and receipts', () => {
  it('reverses a wrong payment once with its exact opposite, and adjusts with a reason', async () => {
    const { meterId } = await meterWithTenant();
    const payment = await call(api, `/v1/admin/meters/${meterId}/payments`, { body: { amountFen: 5000, method: 'cash' }, token: admin });
    const wrongAmount = await call(api, `/v1/admin/meters/${meterId}/adjustments`, { body: { amountFen: -4000, reason: '录错', reversesEntryId: payment.body.entryId }, token: admin });
    expect(wrongAmount.status).toBe(400);
    const reversal = await call(api, `/v1/admin/meters/${meterId}/adjustments`, { body: { amountFen: -5000, reason: '录错金额', reversesEntryId: payment.body.entryId }, token: admin });
    expect(reversal.status).toBe(201);
    expect(reversal.body.balanceFen).toBe(0);
    const again = await call(api, `/v1/admin/meters/${meterId}/adjustments`, { body: { amountFen: -5000, reason: '再冲一次', reversesEntryId: payment.body.entryId }, token: admin });
    expect(again.status).toBe(409);
    const credit = await call(api, `/v1/admin/meters/${meterId}/adjustments`, { body: { amountFen: 300, reason: '停电补偿' }, token: admin });
    expect(credit.body.balanceFen).toBe(300);
    expect((await call(api, `/v1/admin/meters/${meterId}/adjustments`, { body: { amountFen: 0, reason: 'x' }, token: admin })).status).toBe(400);
    expect((await call(api, `/v1/admin/meters/${meterId}/adjustments`, { body: { amountFen: 100 }, token: admin })).status).toBe(400);
    const ledger = (await call(api, `/v1/meters/${meterId}/ledger`, { token: admin })).body.items;
    expect(ledger.map((entry: { kind: string; amountFen: number }) => [entry.kind, entry.amountFen])).toEqual([
      ['adjustment', 300],
      ['reversal', -5000],
      ['recharge', 5000],
    ]);
    expect(ledger[1].reason).toContain(payment.body.entryId);
    expect(ledger[1].operator).toBe('key:bootstrap');
  });

  it('prints a receipt for the tenant with time, method, operator, amount and balance, and hides it from others', async () => {
    const { meterId, token } = await meterWithTenant();
    const payment = await call(api, `/v1/admin/meters/${meterId}/payments`, { body: { amountFen: 12345, method: 'bank_transfer', reference: `TX-${meterId}` }, token: admin });
    const response = await fetch(`${api}/v1/meters/${meterId}/ledger/${payment.body.entryId}/receipt`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    for (const text of ['+¥123.45', '¥123.45', '银行转账', 'key:bootstrap', `TX-${meterId}`, payment.body.entryId]) expect(html).toContain(text);
    expect(html).toContain('C-&lt;b&gt;7&lt;/b&gt;');
    const stranger = (await call(api, '/v1/auth/login', { body: { code: `local:${unique('s')}` } })).body.token;
    const hidden = await fetch(`${api}/v1/meters/${meterId}/ledger/${payment.body.entryId}/receipt`, { headers: { authorization: `Bearer ${stranger}` } });
    expect(hidden.status).toBe(404);
    const missing = await fetch(`${api}/v1/meters/${meterId}/ledger/nope/receipt`, { headers: { authorization: `Bearer ${token}` } });
    expect(missing.status).toBe(404);
  });
});
