import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WechatPayError, type PaymentGateway, type RefundResult } from '../../functions/src/adapters/wechatpay';
import { carryOutDecision, decideRefund, requestRefund, settleRefundNotification, sweepRefunds } from '../../functions/src/services/refunds';
import { paymentItem, type RefundRequest } from '../../functions/src/store';
import { integrationDeps, unique } from '../support/deps';
import { meterRecord } from '../support/fixtures';
import { wholeLedger } from '../support/ledger';

/**
 * Refunds under random interleavings, against the real repositories on
 * DynamoDB Local. WeChat Pay is a scripted book at the gateway boundary (the
 * gateway itself is tested against the sandbox): each refund call succeeds,
 * stays processing, loses its answer (accepted or not), or is refused; the
 * bank later settles a processing refund as paid or abnormal; notifications
 * come duplicated, late or never; approvers die before or after the debit;
 * sweeps run in between. A refusal counts only when WeChat signed it. After every run:
 * - the money paid out (WeChat's successful refunds + cash) equals the refund entries in the ledger, net of the credits-back;
 * - each wallet's balance is the sum of its entries;
 * - no request is left deciding or refunding;
 * - WeChat never refunded a payment beyond what was paid, nor one refund number twice.
 */

type CallScript = 'success' | 'processing' | 'lost_accepted' | 'proxy_error_accepted' | 'lost_not_received' | 'refused';
type Fate = 'SUCCESS' | 'ABNORMAL';

interface BookRefund {
  readonly outRefundNo: string;
  readonly outTradeNo: string;
  readonly fen: number;
  status: 'PROCESSING' | 'SUCCESS' | 'ABNORMAL';
  readonly fate: Fate;
}

/** WeChat Pay as far as refunds go, following a script of what happens to each call. */
class ScriptedWechat {
  readonly book = new Map<string, BookRefund>();
  readonly payments = new Map<string, number>();
  constructor(private readonly scripts: CallScript[], private readonly fates: Fate[]) {}

  private nextScript(): CallScript {
    return this.scripts.shift() ?? 'success';
  }

  private result(refund: BookRefund): RefundResult {
    return { status: refund.status, refundId: `wx-${refund.outRefundNo}`, outRefundNo: refund.outRefundNo, outTradeNo: refund.outTradeNo, transactionId: `tx-${refund.outTradeNo}`, refundFen: refund.fen, totalFen: this.payments.get(refund.outTradeNo) ?? refund.fen, payerRefundFen: refund.fen, successTime: undefined, createTime: undefined, userReceivedAccount: undefined };
  }

  gateway(): PaymentGateway {
    return {
      refund: async (request) => {
        const existing = this.book.get(request.outRefundNo);
        if (existing) return this.result(existing); // the same number refunds once
        const script = this.nextScript();
        if (script === 'refused') throw new WechatPayError('wechatpay.rejected', 502, 'INVALID_REQUEST', { wechatCode: 'INVALID_REQUEST', httpStatus: 400, answerVerified: true });
        if (script === 'lost_not_received') throw new WechatPayError('wechatpay.unreachable', 502, 'timeout');
        const committed = [...this.book.values()].filter((r) => r.outTradeNo === request.outTradeNo && r.status !== 'ABNORMAL').reduce((sum, r) => sum + r.fen, 0);
        if (committed + request.refundFen > (this.payments.get(request.outTradeNo ?? '') ?? 0)) {
          throw new WechatPayError('wechatpay.rejected', 502, 'more than paid', { wechatCode: 'INVALID_REQUEST', httpStatus: 400, answerVerified: true });
        }
        const refund: BookRefund = { outRefundNo: request.outRefundNo, outTradeNo: request.outTradeNo!, fen: request.refundFen, status: script === 'success' ? 'SUCCESS' : 'PROCESSING', fate: this.fates.shift() ?? 'SUCCESS' };
        this.book.set(refund.outRefundNo, refund);
        if (script === 'lost_accepted') throw new WechatPayError('wechatpay.unavailable', 503, 'SYSTEM_ERROR', { wechatCode: 'SYSTEM_ERROR', httpStatus: 500 });
        // A proxy on the way gave up with its own 4xx page after WeChat had accepted the refund.
        if (script === 'proxy_error_accepted') throw new WechatPayError('wechatpay.rejected', 502, 'request timeout', { httpStatus: 408, answerVerified: false });
        return this.result(refund);
      },
      queryRefund: async (outRefundNo) => {
        const refund = this.book.get(outRefundNo);
        if (!refund) throw new WechatPayError('wechatpay.not_found', 404, 'RESOURCE_NOT_EXISTS', { wechatCode: 'RESOURCE_NOT_EXISTS', httpStatus: 404 });
        return this.result(refund);
      },
    } as PaymentGateway;
  }

  /** The bank finishes one processing refund (paid, or abnormal). */
  settle(index: number): BookRefund | undefined {
    const open = [...this.book.values()].filter((r) => r.status === 'PROCESSING');
    const refund = open[index % Math.max(open.length, 1)];
    if (refund) refund.status = refund.fate;
    return refund;
  }

  settleAll(): void {
    for (const refund of this.book.values()) if (refund.status === 'PROCESSING') refund.status = refund.fate;
  }
}

type Step =
  | { kind: 'approve'; request: number; method: 'wechat' | 'cash'; twice: boolean }
  | { kind: 'reject'; request: number }
  | { kind: 'die_before_debit'; request: number }
  | { kind: 'die_after_debit'; request: number }
  | { kind: 'settle'; refund: number; notify: 0 | 1 | 2 }
  | { kind: 'notify_again'; refund: number }
  | { kind: 'sweep' }
  | { kind: 'consume'; meter: number; fen: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('approve' as const), request: fc.nat(5), method: fc.constantFrom('wechat' as const, 'wechat' as const, 'cash' as const), twice: fc.boolean() }),
  fc.record({ kind: fc.constant('reject' as const), request: fc.nat(5) }),
  fc.record({ kind: fc.constant('die_before_debit' as const), request: fc.nat(5) }),
  fc.record({ kind: fc.constant('die_after_debit' as const), request: fc.nat(5) }),
  fc.record({ kind: fc.constant('settle' as const), refund: fc.nat(5), notify: fc.constantFrom(0 as const, 1 as const, 2 as const) }),
  fc.record({ kind: fc.constant('notify_again' as const), refund: fc.nat(5) }),
  fc.record({ kind: fc.constant('sweep' as const) }),
  fc.record({ kind: fc.constant('consume' as const), meter: fc.nat(1), fen: fc.integer({ min: 1, max: 3_000 }) }),
);

const scenario = fc.record({
  scripts: fc.array(fc.constantFrom<CallScript>('success', 'processing', 'lost_accepted', 'proxy_error_accepted', 'lost_not_received', 'refused'), { maxLength: 12 }),
  fates: fc.array(fc.constantFrom<Fate>('SUCCESS', 'SUCCESS', 'ABNORMAL'), { maxLength: 12 }),
  payments: fc.tuple(fc.array(fc.integer({ min: 100, max: 5_000 }), { minLength: 1, maxLength: 3 }), fc.array(fc.integer({ min: 100, max: 5_000 }), { minLength: 1, maxLength: 3 })),
  asks: fc.array(fc.record({ meter: fc.nat(1), share: fc.integer({ min: 1, max: 60 }) }), { minLength: 1, maxLength: 6 }),
  batches: fc.array(fc.array(step, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 8 }),
});

const manager = { kind: 'key', keyId: 'property', roles: ['admin'] } as const;
const tenant = (meterId: string) => ({ kind: 'user', openid: `t-${meterId}`, roles: ['tenant'] }) as const;
const swallow = (promise: Promise<unknown>) => promise.catch((error: { status?: number }) => {
  if (!(error.status && error.status < 500)) throw error;
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

async function runScenario(input: Scenario): Promise<void> {
  const wechat = new ScriptedWechat([...input.scripts], [...input.fates]);
  const base = integrationDeps({ now: new Date() });
  const deps = { ...base, payments: wechat.gateway() };
  const hanging = { ...deps, payments: { ...wechat.gateway(), refund: () => new Promise<never>(() => undefined) } as PaymentGateway };
  // Two meters, each with WeChat payments of the last year.
  const meters = [unique('RP'), unique('RP')];
  for (const [m, meterId] of meters.entries()) {
    await deps.store.meters.create(meterRecord(meterId));
    await deps.store.meters.bind(`t-${meterId}`, meterId, new Date().toISOString());
    for (const [i, amountFen] of input.payments[m]!.entries()) {
      const outTradeNo = `P${meterId.replace(/-/g, '')}${i}`.slice(0, 32);
      wechat.payments.set(outTradeNo, amountFen);
      const paidAt = new Date(Date.now() - (i + 1) * 60_000).toISOString();
      await deps.store.ledger.post({ meterId, kind: 'recharge', amountFen, idempotencyKey: `wxpay:${outTradeNo}`, entryId: unique('e'), at: paidAt, method: 'wechat_pay', extraItems: [paymentItem({ meterId, outTradeNo, transactionId: `tx-${outTradeNo}`, amountFen, refundedFen: 0, paidAt, entryId: 'e' })] });
    }
  }
  // Requests, each a share of what the tenant may still ask for (refused ones are simply not filed).
  const requests: string[] = [];
  for (const ask of input.asks) {
    const meterId = meters[ask.meter]!;
    const view = await deps.store.meters.getView(meterId);
    const amountFen = Math.max(1, Math.floor(((view?.balanceFen ?? 0) * ask.share) / 100));
    const filed = await requestRefund(deps, tenant(meterId), { meterId, amountFen, reason: 'property' }).catch(() => null);
    if (filed) requests.push(filed.id);
  }
  const requestAt = (index: number) => requests[index % requests.length]!;
  const act = async (s: Step): Promise<void> => {
    switch (s.kind) {
      case 'approve': {
        const key = s.twice ? { key: unique('k') } : null;
        const once = () => swallow(decideRefund(deps, manager, requestAt(s.request), { action: 'approve', method: s.method }, key?.key));
        await Promise.all(s.twice ? [once(), once()] : [once()]);
        return;
      }
      case 'reject':
        return void (await swallow(decideRefund(deps, manager, requestAt(s.request), { action: 'reject', reason: 'no' })));
      case 'die_before_debit': {
        const request = await deps.store.refunds.get(requestAt(s.request));
        if (request?.status === 'pending') await deps.store.refunds.claim(request, { token: unique('dead'), action: 'approve', method: 'wechat', by: 'key:dead', at: deps.clock.now().toISOString() });
        return;
      }
      case 'die_after_debit': {
        const request = await deps.store.refunds.get(requestAt(s.request));
        const claimed = request?.status === 'pending' ? await deps.store.refunds.claim(request, { token: unique('dying'), action: 'approve', method: 'wechat', by: 'key:dying', at: deps.clock.now().toISOString() }) : null;
        // The approver hangs inside the WeChat call, never to return: its debit is done, its parts never sent.
        if (claimed) void carryOutDecision(hanging, claimed).catch(() => undefined);
        return;
      }
      case 'settle': {
        const refund = wechat.settle(s.refund);
        if (refund) for (let i = 0; i < s.notify; i++) await notifyOf(refund);
        return;
      }
      case 'notify_again': {
        const final = [...wechat.book.values()].filter((r) => r.status !== 'PROCESSING');
        const refund = final[s.refund % Math.max(final.length, 1)];
        if (refund) await Promise.all([notifyOf(refund), notifyOf(refund)]);
        return;
      }
      case 'sweep':
        deps.clock.advance(3 * 60_000);
        await sweepRefunds(deps);
        return;
      case 'consume':
        await deps.store.ledger.post({ meterId: meters[s.meter]!, kind: 'adjustment', amountFen: -s.fen, idempotencyKey: unique('use'), entryId: unique('e'), at: deps.clock.now().toISOString(), reason: 'usage' });
        return;
    }
  };
  const notifyOf = (refund: BookRefund) => swallow(settleRefundNotification(deps, { outRefundNo: refund.outRefundNo, refundId: `wx-${refund.outRefundNo}`, status: refund.status }));
  for (const batch of input.batches) await Promise.all(batch.map(act));

  // The end: the bank settles what it holds, notifications are lost, and the sweep runs until nothing is open.
  let open: RefundRequest[] = [];
  for (let round = 0; round < 12; round++) {
    wechat.settleAll();
    deps.clock.advance(70 * 60_000);
    await sweepRefunds(deps, 100);
    open = (await Promise.all(requests.map((id) => deps.store.refunds.get(id)))).filter((r): r is RefundRequest => r !== null && (r.status === 'deciding' || r.status === 'refunding'));
    if (open.length === 0) break;
  }
  expect(open.map((r) => [r.id, r.status])).toEqual([]);

  // Invariants.
  const decided = (await Promise.all(requests.map((id) => deps.store.refunds.view(id)))).filter((r): r is RefundRequest => r !== null);
  const paidByWechat = [...wechat.book.values()].filter((r) => r.status === 'SUCCESS').reduce((sum, r) => sum + r.fen, 0);
  const paidInCash = decided.filter((r) => r.status === 'refunded' && r.method === 'cash').reduce((sum, r) => sum + (r.approvedFen ?? 0), 0);
  let refundedInLedger = 0;
  for (const meterId of meters) {
    const entries = await wholeLedger(deps, meterId);
    const balance = (await deps.store.meters.getView(meterId))!.balanceFen;
    expect(entries.reduce((sum, entry) => sum + entry.amountFen, 0), `balance of ${meterId}`).toBe(balance);
    refundedInLedger -= entries.filter((e) => e.kind === 'refund' || e.kind === 'reversal').reduce((sum, e) => sum + e.amountFen, 0);
  }
  expect(paidByWechat + paidInCash).toBe(refundedInLedger);
  for (const [outTradeNo, amountFen] of wechat.payments) {
    const refunded = [...wechat.book.values()].filter((r) => r.outTradeNo === outTradeNo && r.status === 'SUCCESS').reduce((sum, r) => sum + r.fen, 0);
    expect(refunded).toBeLessThanOrEqual(amountFen);
  }
  // Each request's parts agree with WeChat's book.
  for (const request of decided.filter((r) => r.method === 'wechat' && (r.status === 'refunded' || r.status === 'failed'))) {
    for (const part of request.parts) {
      const atWechat = wechat.book.get(part.outRefundNo)?.status;
      expect(part.status === 'succeeded', `${part.outRefundNo}: ours ${part.status}, WeChat ${atWechat}`).toBe(atWechat === 'SUCCESS');
    }
  }
}

/**
 * Found by this test: two sweeps sent one part at once; WeChat refused one
 * call definitely (the part failed, credited back) and accepted the other:
 * the tenant was paid twice. Parts are now sent only under a lease.
 */
const SENT_TWICE: Scenario = {
  scripts: ['refused', 'processing', 'lost_not_received'],
  fates: ['SUCCESS', 'SUCCESS', 'ABNORMAL', 'ABNORMAL', 'ABNORMAL'],
  payments: [[2140], [129, 2254]],
  asks: [{ meter: 1, share: 7 }, { meter: 0, share: 8 }, { meter: 0, share: 45 }, { meter: 1, share: 29 }],
  batches: [
    [{ kind: 'consume', meter: 1, fen: 1066 }, { kind: 'sweep' }],
    [{ kind: 'approve', request: 3, method: 'cash', twice: false }],
    [{ kind: 'die_after_debit', request: 4 }],
    [{ kind: 'die_after_debit', request: 2 }],
    [{ kind: 'reject', request: 4 }, { kind: 'die_before_debit', request: 0 }, { kind: 'die_after_debit', request: 3 }],
    [{ kind: 'die_before_debit', request: 4 }],
    [{ kind: 'sweep' }, { kind: 'sweep' }, { kind: 'die_before_debit', request: 5 }],
  ],
};

describe('refunds under random interleavings (issue 8)', () => {
  it('never pays out other than the ledger says, never leaves a request undecided, and keeps every wallet equal to its ledger', async () => {
    await fc.assert(fc.asyncProperty(scenario, runScenario), {
      numRuns: Number(process.env.REFUND_PROPERTY_RUNS ?? 40),
      endOnFailure: true,
      examples: [[SENT_TWICE]],
    });
  }, 240_000);
});
