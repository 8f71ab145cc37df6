import type { Deps } from '../../deps';
import type { RefundPart, RefundRequest } from '../../store';
import { carryOutDecision } from './decide';
import { applyWechatState, leasePart, sendLeased, updateProgress } from './wechat';

/** A part asked about less than this long ago is left alone (its answer or notification may be on its way). */
const SETTLE_AFTER_MS = 60_000;
/** How often an unsettled request is looked at again: 2 min, doubling, at most hourly. */
const backoffMs = (attempts: number): number => Math.min(60 * 60_000, 2 * 60_000 * 2 ** Math.min(Math.max(attempts - 1, 0), 5));

export interface RefundSweepReport {
  readonly looked: number;
  readonly decided: number;
  readonly settled: number;
}

/**
 * The refund sweep (scheduled, like the order sweep): drives every claimed
 * decision and every unsettled WeChat part to a final state. A decision whose
 * approver died is carried out; a part whose outcome is unknown is asked
 * about (`GET /v3/refund/domestic/refunds/{out_refund_no}`): WeChat's answer
 * settles it, and a refund WeChat never received is sent again under the
 * same number. Whatever stays open moves to the back of the queue, so a
 * stuck request never starves the others.
 */
export async function sweepRefunds(deps: Deps, limit = 50): Promise<RefundSweepReport> {
  const nowIso = deps.clock.now().toISOString();
  const due = await deps.store.refunds.due(nowIso, limit);
  let decided = 0;
  let settled = 0;
  for (const request of due) {
    try {
      if (request.status === 'deciding') {
        await carryOutDecision(deps, request);
        decided += 1;
      }
      const current = await deps.store.refunds.get(request.id);
      if (current?.status === 'refunding') {
        const final = await settleParts(deps, current);
        if (final) settled += 1;
        else await deps.store.refunds.postpone(current, nowIso, backoffMs(Math.max(0, ...(await deps.store.refunds.parts(current)).map((part) => part.attempts))));
      }
    } catch (error) {
      deps.log.warn({ err: error, requestId: request.id }, 'refund not settled; the next sweep tries again');
      await deps.store.refunds.postpone(request, nowIso, backoffMs(1)).catch(() => undefined);
    }
  }
  return { looked: due.length, decided, settled };
}

/**
 * The refund requests waiting for a manager, as metrics (RefundRequestsWaiting,
 * OldestRefundRequestWaitingSeconds: alarmed past a day, docs/deploy.md).
 * Reported on every run, none waiting included, so the alarm always has data.
 */
export async function reportRefundBacklog(deps: Pick<Deps, 'store' | 'clock' | 'metrics'>): Promise<{ waiting: number; oldestSeconds: number }> {
  const { count, oldestAt } = await deps.store.refunds.waiting();
  const oldestSeconds = oldestAt ? Math.max(0, Math.floor((deps.clock.now().getTime() - Date.parse(oldestAt)) / 1000)) : 0;
  deps.metrics.add('RefundRequestsWaiting', count);
  deps.metrics.add('OldestRefundRequestWaitingSeconds', oldestSeconds);
  return { waiting: count, oldestSeconds };
}

/** Asks WeChat about every part not final yet; true when the request is final afterwards. */
async function settleParts(deps: Deps, request: RefundRequest): Promise<boolean> {
  const nowMs = deps.clock.now().getTime();
  for (const part of await deps.store.refunds.parts(request)) {
    if (part.status === 'succeeded' || part.status === 'failed') continue;
    if (part.lastAttemptAt && nowMs - Date.parse(part.lastAttemptAt) < SETTLE_AFTER_MS) continue;
    await askAbout(deps, request, part);
  }
  const after = await updateProgress(deps, request.id);
  return after?.status !== 'refunding';
}

/** Asks WeChat about a part under its lease (nothing happens when another attempt holds it). */
async function askAbout(deps: Deps, request: RefundRequest, part: RefundPart): Promise<void> {
  const lease = await leasePart(deps, part);
  if (!lease) return;
  let answer;
  try {
    answer = await deps.payments.queryRefund(part.outRefundNo);
  } catch (error) {
    // WeChat has no refund of that number: it never got the request, so asking again (same number, same lease) is safe.
    if ((error as { code?: string }).code === 'wechatpay.not_found') return sendLeased(deps, request, part, lease);
    const leaseUntil = deps.clock.now().toISOString();
    await deps.store.refunds.notePart(part.outRefundNo, lease.token, { status: part.status === 'processing' ? 'processing' : 'requested', leaseUntil, detail: `query failed: ${(error as Error).message}` });
    return;
  }
  await applyWechatState(deps, request, part, answer.status, answer.refundId, 'query', lease);
}
