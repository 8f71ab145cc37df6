import { formatBalance, formatShanghaiTime } from '../../format';

/** What each audited route did, in the words of `admin.audit.actions` (an unknown route is shown as it is). */
const ACTIONS: Readonly<Record<string, string>> = {
  'POST /v1/admin/tariffs': 'tariff',
  'POST /v1/admin/tariffs/{tariffId}/versions': 'tariffVersion',
  'POST /v1/admin/meters': 'meter',
  'POST /v1/admin/meters/{meterId}/tariff': 'meterTariff',
  'POST /v1/admin/meters/{meterId}/payments': 'payment',
  'POST /v1/admin/meters/{meterId}/readings': 'reading',
  'POST /v1/admin/meters/{meterId}/binding-code': 'rotateCode',
  'POST /v1/admin/meters/{meterId}/replacement': 'replacement',
  'POST /v1/admin/meters/{meterId}/commands': 'command',
  'POST /v1/admin/meters/{meterId}/alarms/{kind}/ack': 'ack',
  'POST /v1/refund-requests': 'refundRequest',
  'POST /v1/admin/refund-requests/{requestId}/approve': 'refundApprove',
  'POST /v1/admin/refund-requests/{requestId}/reject': 'refundReject',
  'POST /v1/admin/reconciliations': 'reconciliation',
  'POST /v1/admin/meters/{meterId}/adjustments': 'adjustment',
  'POST /v1/admin/invitations': 'invitation',
  'POST /v1/admin/buildings/{buildingId}/mass-actions': 'massAsk',
  'POST /v1/admin/mass-actions/{actionId}/approve': 'massApprove',
  'POST /v1/admin/mass-actions/{actionId}/reject': 'massReject',
  'POST /v1/admin/mass-actions/{actionId}/end': 'massEnd',
  'POST /v1/admin/meters/{meterId}/move-out': 'moveOut',
  'POST /v1/admin/meters/{meterId}/move-in': 'moveIn',
};

/** The `admin.audit.actions` key of a route, or null. */
export const actionKey = (action: string): string | null => ACTIONS[action] ?? null;

type Translate = (key: string, options: { defaultValue: string } & Record<string, unknown>) => string;

/** Fields shown as money (fen → ¥), as a time, as a person, or translated; the rest as they are. */
const MONEY = /Fen$/;
const TIME = /^(at|until|tenancyStart|readingAt|endedAt|closedAt)$/;
const PERSON = /^(requestedBy|decidedBy|closedBy|by|operator|actor)$/;
/** What is never worth a line: where the entry already says it (meter, who, when), or machine detail. */
const SKIP = new Set(['meterId', 'buildingId', 'history', 'parts', 'decision', 'payParams', 'items', 'scene', 'code', 'createdAt', 'updatedAt', 'expiresAt', 'decidedAt', 'raisedAt', 'lastSeenAt', 'details', 'severity', 'message', 'token', 'attempts', 'platformTaskId']);
/** A list is shown by its first few and how many. */
const LIST_SHOWN = 3;
const MAX_LINE = 200;

/** How the page names things: translations, and who an operator id is. */
export interface Describer {
  readonly t: Translate;
  readonly nameOf: (actor: string) => string;
}

function listText(values: readonly unknown[], words: Describer): string | null {
  if (values.length === 0) return null;
  const shown = values.slice(0, LIST_SHOWN).map((value) => (typeof value === 'object' && value !== null ? `（${describeFields(value, words)}）` : String(value)));
  return values.length > LIST_SHOWN ? words.t('admin.audit.list', { defaultValue: '{{shown}} 等 {{count}} 个', shown: shown.join('、'), count: values.length }) : shown.join('、');
}

function valueText(field: string, value: unknown, words: Describer): string | null {
  const { t } = words;
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number' && MONEY.test(field) && Number.isInteger(value)) return formatBalance(value);
  if (typeof value === 'string' && TIME.test(field) && !Number.isNaN(Date.parse(value))) return formatShanghaiTime(value);
  if (typeof value === 'string' && PERSON.test(field)) return words.nameOf(value);
  if (typeof value === 'string' && field === 'kind') return t(`alarms.kinds.${value}`, { defaultValue: value });
  if (typeof value === 'string' && (field === 'action' || field === 'method' || field === 'status')) return t(`admin.audit.values.${value}`, { defaultValue: value });
  if (typeof value === 'boolean') return t(`admin.audit.values.${String(value)}`, { defaultValue: String(value) });
  if (Array.isArray(value)) return listText(value, words);
  if (typeof value === 'object') {
    const inner = describeFields(value, words);
    return inner === '' ? null : `（${inner}）`;
  }
  return String(value);
}

/**
 * A request's or a state's fields in words: `金额 ¥50.00 · 方式 现金 · 原因 …`.
 * Known fields get their name and unit; the rest are named as the API names
 * them. Long lines are cut (the audit keeps the whole JSON).
 */
export function describeFields(value: unknown, words: Describer): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  const parts: string[] = [];
  for (const [field, inner] of Object.entries(value as Record<string, unknown>)) {
    if (SKIP.has(field)) continue;
    if (field === 'body' || field === 'params') {
      const nested = describeFields(inner, words);
      if (nested !== '') parts.push(nested);
      continue;
    }
    const text = valueText(field, inner, words);
    if (text !== null) parts.push(`${words.t(`admin.audit.fields.${field}`, { defaultValue: field })} ${text}`);
  }
  const line = parts.join(' · ');
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
}
