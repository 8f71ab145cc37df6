import { describe, expect, inject, it } from 'vitest';
import { waitFor } from '../../scripts/lib/processes';
import { REFUND_FAULT_WORDS } from '../../scripts/wechatpay-sandbox';
import { carryOutDecision, sweepRefunds } from '../../functions/src/services/refunds';
import type { PaymentGateway } from '../../functions/src/adapters/wechatpay';
import { integrationDeps, unique } from '../support/deps';
import { meterRecord } from '../support/fixtures';
import { bindTenant, call } from '../support/http';

const api = inject('apiUrl');
const admin = inject('adminKey');
const wx = inject('wechatPay');
const deps = integrationDeps();

async function tenantWithMeter(room = 'A-101') {
  const tariff = await call(api, '/v1/admin/tariffs', { body: { name: 'flat', utility: 'electricity', kind: 'flat', price: '1.00' }, token: admin });
  const meterId = unique('E');
  await deps.store.meters.create(meterRecord(meterId, { room, tariffId: tariff.body.id, tariffAssignments: [{ tariffId: tariff.body.id, effectiveFrom: '1999-12-31T16:00:00.000Z' }] }));
  const token = (await call(api, '/v1/auth/login', { body: { code: `local:${unique('o')}` } })).body.token as string;
  await bindTenant(api, admin, token, meterId);
  return { token, meterId };
}

/** Recharges through the sandbox and waits for the credit. */
async function recharge(token: string, meterId: string, amountFen: number): Promise<string> {
  const order = await call(api, '/v1/recharges', { body: { meterId, amountFen }, token });
  await fetch(`${wx.sandboxUrl}/sandbox/pay/${order.body.outTradeNo}`, { method: 'POST' });
  await waitFor('the credit', async () => (await call(api, `/v1/recharges/${order.body.outTradeNo}`, { token })).body.status === 'paid', 15_000);
  return order.body.outTradeNo as string;
}

const balance = async (meterId: string) => (await deps.store.meters.getView(meterId))?.balanceFen;
const ledger = async (meterId: string) =>
  (await call(api, `/v1/meters/${meterId}/ledger?limit=100`, { token: admin })).body.items.map((entry: { kind: string; amountFen: number }) => [entry.kind, entry.amountFen]);
const ask = async (token: string, meterId: string, amountFen: number) => (await call(api, '/v1/refund-requests', { body: { meterId, amountFen, reason: '退租' }, token })).body.id as string;
const decide = (id: string, what: 'approve' | 'reject', body: unknown, headers?: Record<string, string>) =>
  call(api, `/v1/admin/refund-requests/${id}/${what}`, { body, token: admin, ...(headers ? { headers } : {}) });
/** What WeChat (the sandbox) refunded for these orders: its own book, not ours. */
async function wechatRefunds(outTradeNos: readonly string[]): Promise<{ fen: number; status: string }[]> {
  const { items } = (await (await fetch(`${wx.sandboxUrl}/sandbox/orders`)).json()) as { items: { outTradeNo: string; refunds: { refundFen: number; status: string }[] }[] };
  return items.filter((order) => outTradeNos.includes(order.outTradeNo)).flatMap((order) => order.refunds.map((refund) => ({ fen: refund.refundFen, status: refund.status })));
}
const settledStatus = async (id: string) => (await deps.store.refunds.get(id))?.status;

describe('refunds', () => {
  it('splits an approved refund over the two newest payments and settles it on the notifications', async () => {
    const { token, meterId } = await tenantWithMeter();
    const older = await recharge(token, meterId, 3000);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // WeChat's success_time has whole seconds
    const newer = await recharge(token, meterId, 2000);
    const asked = await call(api, '/v1/refund-requests', { body: { meterId, amountFen: 4500, reason: '退租' }, token });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'pending' });
    // The pending request holds 4500 of the 5000: a second one for 600 is refused.
    const tooMuch = await call(api, '/v1/refund-requests', { body: { meterId, amountFen: 600, reason: 'x' }, token });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error.code).toBe('refund.exceeds_balance');

    const approved = await decide(asked.body.id, 'approve', { method: 'wechat' });
    expect(approved.status).toBe(200);
    expect(approved.body.parts.map((part: { outTradeNo: string; fen: number }) => [part.outTradeNo, part.fen])).toEqual([
      [newer, 2000],
      [older, 2500],
    ]);
    expect(await balance(meterId)).toBe(500);
    await waitFor('both refund notifications', async () => (await settledStatus(asked.body.id)) === 'refunded', 15_000);
    const entries = (await call(api, `/v1/meters/${meterId}/ledger`, { token })).body.items;
    expect(entries[0]).toMatchObject({ kind: 'refund', amountFen: -4500, balanceAfterFen: 500, method: 'wechat' });
    expect(entries.reduce((sum: number, entry: { amountFen: number }) => sum + entry.amountFen, 0)).toBe(500);
  });

  it('changes nothing but the promise when a request is rejected', async () => {
    const { token, meterId } = await tenantWithMeter();
    await recharge(token, meterId, 1000);
    const id = await ask(token, meterId, 1000);
    const rejected = await decide(id, 'reject', { reason: '已用电' });
    expect(rejected.body).toMatchObject({ id, status: 'rejected', decisionNote: '已用电' });
    expect(await balance(meterId)).toBe(1000);
    expect((await call(api, `/v1/meters/${meterId}/ledger`, { token })).body.items).toHaveLength(1);
    const again = await decide(id, 'approve', { method: 'cash' });
    expect([again.status, again.body.error.code]).toEqual([409, 'refund.already_decided']);
    // The promise is released: the whole balance can be asked for again.
    expect((await call(api, '/v1/refund-requests', { body: { meterId, amountFen: 1000, reason: '再次申请' }, token })).status).toBe(201);
  });

  it("shows the tenant their meter's requests, newest first, with the decision and what may still be asked for", async () => {
    const { token, meterId } = await tenantWithMeter();
    await recharge(token, meterId, 2000);
    const mine = (query = '') => call(api, `/v1/meters/${meterId}/refund-requests${query}`, { token });
    expect((await mine()).body).toEqual({ items: [], next: null, refundableFen: 2000 });
    const first = await ask(token, meterId, 500);
    const second = await ask(token, meterId, 700);
    expect((await mine()).body).toMatchObject({ items: [{ id: second, status: 'pending', amountFen: 700, reason: '退租' }, { id: first, status: 'pending' }], refundableFen: 800 });
    await decide(first, 'reject', { reason: '押金不退' });
    await decide(second, 'approve', { method: 'cash' });
    const after = (await mine()).body;
    expect(after.items).toMatchObject([{ id: second, status: 'refunded', approvedFen: 700 }, { id: first, status: 'rejected', decisionNote: '押金不退' }]);
    expect(JSON.stringify(after)).not.toContain('key:');
    expect(after.refundableFen).toBe(1300);
    const paged = (await mine('?limit=1')).body;
    expect(paged.items.map((item: { id: string }) => item.id)).toEqual([second]);
    expect((await mine(`?limit=1&cursor=${encodeURIComponent(paged.next)}`)).body.items.map((item: { id: string }) => item.id)).toEqual([first]);
    const stranger = (await call(api, '/v1/auth/login', { body: { code: `local:${unique('s')}` } })).body.token as string;
    expect((await call(api, `/v1/meters/${meterId}/refund-requests`, { token: stranger })).status).toBe(404);
  });

  it('refunds in cash what cannot go back to WeChat, and keeps the request pending after the refusal', async () => {
    const { token, meterId } = await tenantWithMeter();
    await call(api, `/v1/admin/meters/${meterId}/payments`, { body: { amountFen: 700, method: 'cash' }, token: admin });
    const id = await ask(token, meterId, 700);
    const viaWechat = await decide(id, 'approve', { method: 'wechat' });
    expect([viaWechat.status, viaWechat.body.error.code]).toEqual([400, 'refund.not_refundable']);
    expect(await settledStatus(id)).toBe('pending');
    const cash = await decide(id, 'approve', { method: 'cash' });
    expect(cash.body).toMatchObject({ status: 'refunded', method: 'cash', approvedFen: 700 });
    expect(await balance(meterId)).toBe(0);
  });

  it('puts the money back with an alarm when WeChat reports the refund abnormal', async () => {
    // The sandbox ends refunds of orders whose description holds its magic word (the room name is in the description).
    const { token, meterId } = await tenantWithMeter('REFUND_ABNORMAL');
    await recharge(token, meterId, 1500);
    const id = await ask(token, meterId, 1000);
    await decide(id, 'approve', { method: 'wechat' });
    await waitFor('the abnormal refund to be undone', async () => (await settledStatus(id)) === 'failed', 15_000);
    expect(await balance(meterId)).toBe(1500);
    expect((await ledger(meterId)).slice(0, 2)).toEqual([
      ['reversal', 1000],
      ['refund', -1000],
    ]);
    expect((await deps.store.alarms.openFor(meterId)).map((alarm) => alarm.kind)).toContain('refund_failed');
  });
});

describe('refund decisions are made once (issue 8.1)', () => {
  it('answers concurrent approvals (a double tap, a retry) with one 200 and 409s, and WeChat refunds once', async () => {
    for (let round = 0; round < 3; round++) {
      const { token, meterId } = await tenantWithMeter();
      const outTradeNo = await recharge(token, meterId, 1000);
      const id = await ask(token, meterId, 1000);
      const answers = await Promise.all([1, 2, 3, 4].map(() => decide(id, 'approve', { method: 'wechat' })));
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409, 409]);
      expect(new Set(answers.filter((answer) => answer.status === 409).map((answer) => answer.body.error.code))).toEqual(new Set(['refund.already_decided']));
      await waitFor('the refund notification', async () => (await settledStatus(id)) === 'refunded', 15_000);
      expect(await wechatRefunds([outTradeNo])).toEqual([{ fen: 1000, status: 'SUCCESS' }]);
      expect(await ledger(meterId)).toEqual([
        ['refund', -1000],
        ['recharge', 1000],
      ]);
      expect(await balance(meterId)).toBe(0);
    }
  });

  it('lets exactly one of an approval and a rejection win, and moves money only for an approval', async () => {
    for (let round = 0; round < 3; round++) {
      const { token, meterId } = await tenantWithMeter();
      const outTradeNo = await recharge(token, meterId, 800);
      const id = await ask(token, meterId, 800);
      const [approval, rejection, cash] = await Promise.all([decide(id, 'approve', { method: 'wechat' }), decide(id, 'reject', { reason: '重复申请' }), decide(id, 'approve', { method: 'cash' })]);
      const winners = [approval, rejection, cash].filter((answer) => answer.status === 200);
      expect(winners).toHaveLength(1);
      expect([approval, rejection, cash].filter((answer) => answer.status === 409)).toHaveLength(2);
      const final = await waitFor('a final state', async () => ['refunded', 'rejected'].includes((await settledStatus(id)) ?? ''), 15_000).then(() => settledStatus(id));
      const paidOut = (await wechatRefunds([outTradeNo])).filter((refund) => refund.status === 'SUCCESS').reduce((sum, refund) => sum + refund.fen, 0);
      const refunded = (await ledger(meterId)).filter(([kind]: [string]) => kind === 'refund').reduce((sum: number, [, fen]: [string, number]) => sum - fen, 0);
      if (final === 'rejected') {
        expect([paidOut, refunded, await balance(meterId)]).toEqual([0, 0, 800]);
      } else {
        expect(refunded).toBe(800);
        expect(await balance(meterId)).toBe(0);
        // Cash is handed over by the manager; WeChat pays only a WeChat approval.
        expect(paidOut).toBe(winners[0] === cash ? 0 : 800);
      }
    }
  });

  it('answers a retry of the same approval with the same Idempotency-Key with the request, not a 409', async () => {
    const { token, meterId } = await tenantWithMeter();
    await call(api, `/v1/admin/meters/${meterId}/payments`, { body: { amountFen: 600, method: 'cash' }, token: admin });
    const id = await ask(token, meterId, 600);
    const key = { 'idempotency-key': `approve-${id}` };
    const [first, retry] = await Promise.all([decide(id, 'approve', { method: 'cash' }, key), decide(id, 'approve', { method: 'cash' }, key)]);
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect((await decide(id, 'approve', { method: 'cash' }, key)).body).toMatchObject({ id, status: 'refunded', approvedFen: 600 });
    expect((await decide(id, 'approve', { method: 'cash' }, { 'idempotency-key': 'another' })).status).toBe(409);
    expect(await ledger(meterId)).toEqual([
      ['refund', -600],
      ['recharge', 600],
    ]);
  });
});

describe('an unknown refund outcome is not a failure (issue 8.2)', () => {
  for (const fault of [REFUND_FAULT_WORDS.answerLost, REFUND_FAULT_WORDS.badSignature]) {
    it(`keeps the part open when ${fault === REFUND_FAULT_WORDS.answerLost ? 'the answer is a 500' : "the answer's signature does not verify"}, and settles it on WeChat's notification`, async () => {
      const { token, meterId } = await tenantWithMeter(fault);
      const outTradeNo = await recharge(token, meterId, 1000);
      const id = await ask(token, meterId, 1000);
      const approved = await decide(id, 'approve', { method: 'wechat' });
      expect(approved.status).toBe(200);
      // Unknown, so open (or already settled by the notification, which may beat the answer): never failed.
      expect(['refunding', 'refunded']).toContain(approved.body.status);
      expect(['requested', 'succeeded']).toContain(approved.body.parts[0].status);
      // WeChat did accept it: its REFUND.SUCCESS arrives and settles the part; nothing was credited back meanwhile.
      await waitFor('the refund notification', async () => (await settledStatus(id)) === 'refunded', 15_000);
      expect(await wechatRefunds([outTradeNo])).toEqual([{ fen: 1000, status: 'SUCCESS' }]);
      expect(await ledger(meterId)).toEqual([
        ['refund', -1000],
        ['recharge', 1000],
      ]);
      expect((await deps.store.alarms.openFor(meterId)).map((alarm) => alarm.kind)).not.toContain('refund_failed');
    });
  }
});

describe('the refund sweep finishes what was left (issue 8.3)', () => {
  it('settles a refund whose notification was lost by asking WeChat', async () => {
    const { token, meterId } = await tenantWithMeter(REFUND_FAULT_WORDS.noNotify);
    const outTradeNo = await recharge(token, meterId, 900);
    const id = await ask(token, meterId, 900);
    expect((await decide(id, 'approve', { method: 'wechat' })).body.status).toBe('refunding');
    await waitFor('WeChat to settle it', async () => (await wechatRefunds([outTradeNo]))[0]?.status === 'SUCCESS', 10_000);
    expect(await settledStatus(id)).toBe('refunding'); // no notification came
    const sweeper = integrationDeps({ wechatPay: true, now: new Date(Date.now() + 3 * 60_000) });
    await sweepRefunds(sweeper);
    expect(await settledStatus(id)).toBe('refunded');
    expect(await balance(meterId)).toBe(0);
  });

  it('drives an approval whose Lambda died after the debit (before WeChat was called) to the end', async () => {
    const { token, meterId } = await tenantWithMeter();
    const outTradeNo = await recharge(token, meterId, 1200);
    const id = await ask(token, meterId, 1200);
    // The approver claims and debits, then dies inside the WeChat call: its promise never settles.
    const dying = integrationDeps({ wechatPay: true, now: new Date() });
    const hanging: PaymentGateway = new Proxy(dying.payments, { get: (target, name) => (name === 'refund' ? () => new Promise(() => undefined) : Reflect.get(target, name)) });
    const request = (await dying.store.refunds.get(id))!;
    const claimed = await dying.store.refunds.claim(request, { token: 'dying', action: 'approve', method: 'wechat', by: 'key:test', at: new Date().toISOString() });
    void carryOutDecision({ ...dying, payments: hanging }, claimed!);
    await waitFor('the debit', async () => (await settledStatus(id)) === 'refunding', 10_000);
    expect(await balance(meterId)).toBe(0);
    expect((await call(api, '/v1/admin/refund-requests?status=refunding&limit=100', { token: admin })).body.items.map((r: { id: string }) => r.id)).toContain(id);
    // Minutes later the sweep finds it, learns WeChat never got it, and sends it under the same number.
    const sweeper = integrationDeps({ wechatPay: true, now: new Date(Date.now() + 3 * 60_000) });
    await sweepRefunds(sweeper);
    await waitFor('the refund notification', async () => (await settledStatus(id)) === 'refunded', 15_000);
    expect(await wechatRefunds([outTradeNo])).toEqual([{ fen: 1200, status: 'SUCCESS' }]);
  });

  it('carries out a claimed decision whose approver died before the debit', async () => {
    const { token, meterId } = await tenantWithMeter();
    await call(api, `/v1/admin/meters/${meterId}/payments`, { body: { amountFen: 500, method: 'cash' }, token: admin });
    const id = await ask(token, meterId, 500);
    const claimed = await deps.store.refunds.claim((await deps.store.refunds.get(id))!, { token: 'dead', action: 'approve', method: 'cash', by: 'key:test', at: new Date().toISOString() });
    expect(claimed?.status).toBe('deciding');
    expect((await decide(id, 'reject', { reason: 'late' })).status).toBe(409); // the claim holds
    await sweepRefunds(integrationDeps({ now: new Date(Date.now() + 3 * 60_000) }));
    expect(await settledStatus(id)).toBe('refunded');
    expect(await balance(meterId)).toBe(0);
  });

  it('lists requests by status with a working cursor', async () => {
    const { token, meterId } = await tenantWithMeter();
    await call(api, `/v1/admin/meters/${meterId}/payments`, { body: { amountFen: 300, method: 'cash' }, token: admin });
    const ids = [await ask(token, meterId, 100), await ask(token, meterId, 100), await ask(token, meterId, 100)];
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { id: string; status: string }[]; next: string | null } } = await call(api, `/v1/admin/refund-requests?status=pending&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: admin });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      expect(page.body.items.every((item) => item.status === 'pending')).toBe(true);
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.next;
    } while (cursor);
    expect(seen.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort()); // none lost
    expect(new Set(seen).size).toBe(seen.length); // none repeated
  });
});

describe('approval refunds at most what is left (issue 8.4)', () => {
  it('refunds what is left when consumption went on after the request, and refuses with 409 when nothing is', async () => {
    const { token, meterId } = await tenantWithMeter();
    const outTradeNo = await recharge(token, meterId, 1000);
    const id = await ask(token, meterId, 1000);
    // 3 kWh at 1.00 yuan are used after the request was filed.
    await call(api, `/v1/admin/meters/${meterId}/readings`, { body: { value: 10_000, unit: 'Wh', at: new Date(Date.now() - 7_200_000).toISOString() }, token: admin });
    await call(api, `/v1/admin/meters/${meterId}/readings`, { body: { value: 13_000, unit: 'Wh', at: new Date(Date.now() - 3_600_000).toISOString() }, token: admin });
    expect(await balance(meterId)).toBe(700);
    const approved = await decide(id, 'approve', { method: 'wechat' });
    expect(approved.body).toMatchObject({ amountFen: 1000, approvedFen: 700 });
    await waitFor('the refund notification', async () => (await settledStatus(id)) === 'refunded', 15_000);
    expect(await balance(meterId)).toBe(0);
    expect(await wechatRefunds([outTradeNo])).toEqual([{ fen: 700, status: 'SUCCESS' }]);

    const { token: other, meterId: drained } = await tenantWithMeter();
    await call(api, `/v1/admin/meters/${drained}/payments`, { body: { amountFen: 300, method: 'cash' }, token: admin });
    const late = await ask(other, drained, 300);
    await call(api, `/v1/admin/meters/${drained}/readings`, { body: { value: 10_000, unit: 'Wh', at: new Date(Date.now() - 7_200_000).toISOString() }, token: admin });
    await call(api, `/v1/admin/meters/${drained}/readings`, { body: { value: 14_000, unit: 'Wh', at: new Date(Date.now() - 3_600_000).toISOString() }, token: admin });
    const refused = await decide(late, 'approve', { method: 'cash' });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'refund.exceeds_balance']);
    expect(await settledStatus(late)).toBe('pending');
    expect(await balance(drained)).toBe(-100);
  });
});
