import { AppError, assertAmountFen, formatFenAsYuan, notFound } from '@prepaid/shared';
import type { Deps } from '../deps';
import { toBeijingWallClock } from '../platform/beijing-time';
import type { Principal } from '../http/types';
import { afterPosting } from './after-posting';
import { operatorOf } from './payments';

/**
 * A manager's correction: a signed `adjustment` with a reason, or the
 * `reversal` of one entry (exactly its opposite amount, at most once). The
 * ledger is never edited: a mistake is undone by a new entry.
 */
export async function adjust(
  deps: Deps,
  principal: Principal,
  meterId: string,
  body: { amountFen: number; reason: string; reversesEntryId?: string },
  idempotencyHeader: string | undefined,
) {
  assertAmountFen(Math.abs(body.amountFen), { max: deps.config.maxAmountFen, field: 'body.amountFen' });
  const meter = await deps.store.meters.get(meterId);
  if (!meter) throw notFound('meter.not_found', `No meter "${meterId}"`);
  const entryId = deps.ids.next();
  let key = idempotencyHeader ? `adjustment:${meterId}:${idempotencyHeader}` : `adjustment:${meterId}:${entryId}`;
  if (body.reversesEntryId) {
    const original = await deps.store.ledger.getEntry(body.reversesEntryId);
    if (!original || original.meterId !== meterId) throw notFound('ledger.entry_not_found', `No entry "${body.reversesEntryId}" on meter "${meterId}"`);
    if (body.amountFen !== -original.amountFen) {
      throw new AppError('ledger.reversal_amount', 400, `A reversal of this entry is ${-original.amountFen} fen`, { details: { field: 'body.amountFen' } });
    }
    key = `reversal:${original.id}`;
  }
  const posted = await deps.store.ledger.post({
    meterId,
    kind: body.reversesEntryId ? 'reversal' : 'adjustment',
    amountFen: body.amountFen,
    idempotencyKey: key,
    fingerprint: `${meterId}|${body.amountFen}|${body.reversesEntryId ?? ''}`,
    entryId,
    at: deps.clock.now().toISOString(),
    reason: body.reversesEntryId ? `${body.reason} (reverses ${body.reversesEntryId})` : body.reason,
    operator: operatorOf(principal),
  });
  if (body.reversesEntryId && posted.duplicate) throw new AppError('ledger.already_reversed', 409, 'This entry was already reversed');
  if (!posted.duplicate) await afterPosting(deps, meter, posted.balanceAfterFen);
  return { entryId: posted.entryId, balanceFen: posted.balanceAfterFen, duplicate: posted.duplicate };
}

const KIND_LABELS: Record<string, string> = { recharge: '充值', charge: '用量扣费', refund: '退款', adjustment: '调整（充抵）', reversal: '冲正' };
const METHOD_LABELS: Record<string, string> = { wechat_pay: '微信支付', cash: '现金', bank_transfer: '银行转账', wechat: '原路退回微信' };

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Beijing wall time for people: `2026-11-21 16:00:05`. */
const beijing = (iso: string): string => toBeijingWallClock(new Date(iso)).toISOString().replace('T', ' ').slice(0, 19);

/** A printable receipt (HTML, A5-friendly) for one ledger entry: time, method, operator, amount, balance after. */
export async function receiptHtml(deps: Deps, meterId: string, entryId: string): Promise<string> {
  const entry = await deps.store.ledger.getEntry(entryId);
  if (!entry || entry.meterId !== meterId) throw notFound('ledger.entry_not_found', `No entry "${entryId}" on meter "${meterId}"`);
  const meter = await deps.store.meters.get(meterId);
  const rows: [string, string][] = [
    ['收据编号', entry.id],
    ['表号', meterId],
    ['房间', meter?.room ?? '—'],
    ['类型', KIND_LABELS[entry.kind] ?? entry.kind],
    ['时间（北京时间）', beijing(entry.at)],
    ['方式', entry.method ? (METHOD_LABELS[entry.method] ?? entry.method) : '—'],
    ['经办', entry.operator ?? '系统'],
    ['金额', `${entry.amountFen >= 0 ? '+' : '−'}¥${formatFenAsYuan(Math.abs(entry.amountFen))}`],
    ['余额', `¥${formatFenAsYuan(entry.balanceAfterFen)}`],
    ...(entry.reference ? [['凭证号', entry.reference] as [string, string]] : []),
    ...(entry.reason ? [['说明', entry.reason] as [string, string]] : []),
  ];
  const body = rows.map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>收据 ${escapeHtml(entry.id)}</title>
<style>@page{size:A5;margin:12mm}body{font-family:sans-serif;max-width:480px;margin:24px auto;color:#222}h1{font-size:20px;text-align:center}
table{width:100%;border-collapse:collapse}th,td{border-bottom:1px solid #ddd;padding:8px;text-align:left}th{width:40%;color:#555;font-weight:normal}
.note{font-size:12px;color:#777;margin-top:16px}</style></head>
<body><h1>水电预付费收据</h1><table id="receipt">
${body}
</table><p class="note">本收据由系统生成，账目以系统台账为准。</p></body></html>`;
}
