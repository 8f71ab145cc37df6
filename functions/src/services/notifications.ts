import {
  AppError,
  notFound,
  renderNotice,
  TENANT_NOTICE_KINDS,
  type NoticeIntent,
  type NotificationKind,
  type RenderedNotice,
} from '@prepaid/shared';
import type { Deps } from '../deps';
import { maskOpenid, maskPhone } from '../platform/logger';
import type { Principal } from '../http/types';
import type { MeterRecord, StoredNotification } from '../store';
import { assertCanRead, isStaff } from './meters';

type NotifyDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'log' | 'config' | 'messages' | 'sms' | 'metrics'>;

/** The page a subscription message opens: the tenant's home, on that meter. */
const MESSAGE_PAGE = 'pages/home/index';

/** What the tenant calls the meter: `3-301 电表`. */
/** What the tenant calls the meter: `3-301 电表`, a circuit by what it feeds (`3-301 电表·空调`). */
export const meterLabel = (meter: Pick<MeterRecord, 'id' | 'room' | 'utility'> & Partial<Pick<MeterRecord, 'circuit'>>) => {
  const circuit = meter.circuit ? `·${meter.circuit.label ?? `回路${meter.circuit.number}`}` : '';
  return `${meter.room ?? meter.id} ${meter.utility === 'water' ? '水表' : '电表'}${circuit}`;
};

/**
 * Tells the tenants of a meter one occurrence (CONTRACT: notifications). For
 * each tenant bound to it: claim the record of this occurrence and tenant
 * (conditional Put: a second path or a retry finds it claimed and tells
 * nothing), then WeChat when they hold a grant of that template (one grant is
 * taken per message), else SMS when their phone is known, else nothing; the
 * record says which and how it went. A meter nobody is bound to still gets a
 * record (`to` null, `skipped`). Never throws for a channel's failure: it is recorded.
 */
export async function notify(deps: NotifyDeps, meterId: string, intent: NoticeIntent): Promise<StoredNotification[]> {
  const meter = await deps.store.meters.get(meterId);
  if (!meter) return [];
  const rendered = renderNotice(intent.kind, { ...intent.facts, meterLabel: meterLabel(meter) }, meter.utility);
  // An alarm goes to the managers of the meter's building; everything else to its tenants.
  const recipients = intent.kind === 'alarm' ? (meter.buildingId ? await deps.store.staff.managersOf(meter.buildingId) : []) : await deps.store.notifications.recipientsOf(meterId);
  const told: StoredNotification[] = [];
  for (const to of recipients.length > 0 ? recipients : [null]) {
    const record = await tell(deps, meter, intent, rendered, to);
    if (record) told.push(record);
  }
  return told;
}

/** Tells each notice; a failure is logged (the occurrence's record, if claimed, says how far it got) and the rest still go. */
export async function notifyAll(deps: NotifyDeps, meterId: string, notices: readonly NoticeIntent[]): Promise<void> {
  for (const notice of notices) {
    try {
      await notify(deps, meterId, notice);
    } catch (error) {
      deps.log.error({ err: error, meterId, notice: notice.dedupe }, 'telling the tenant failed');
    }
  }
}

async function tell(deps: NotifyDeps, meter: MeterRecord, intent: NoticeIntent, rendered: RenderedNotice, to: string | null): Promise<StoredNotification | null> {
  const at = deps.clock.now().toISOString();
  const nobody = intent.kind === 'alarm' ? 'no manager for the building' : 'no tenant bound to the meter';
  const base: StoredNotification = { id: deps.ids.next(), meterId: meter.id, kind: intent.kind, to, dedupe: intent.dedupe, channel: 'none', status: to ? 'pending' : 'skipped', at, text: rendered.text, ...(to ? {} : { detail: nobody }) };
  if (!(await deps.store.notifications.claim(base))) return null;
  if (!to) return base;
  const outcome = await deliver(deps, intent.kind, rendered, to);
  if (outcome.status === 'sent') deps.metrics.add('NotificationsSent', 1);
  if (outcome.status === 'failed') deps.metrics.add('NotificationsFailed', 1);
  const finished = { ...base, ...outcome, finishedAt: deps.clock.now().toISOString() };
  await deps.store.notifications.finish(base, { ...outcome, at: finished.finishedAt });
  if (deps.config.notify.sms.mode === 'local' || deps.config.wechat.mode === 'local') {
    deps.log.info({ outbox: { to, kind: intent.kind, channel: outcome.channel, status: outcome.status, text: rendered.text } }, `outbox: ${outcome.channel} → ${maskOpenid(to)}: ${rendered.text}`);
  }
  return finished;
}

type Delivery = Pick<StoredNotification, 'channel'> & { status: 'sent' | 'failed' | 'skipped'; detail?: string };

async function deliver(deps: NotifyDeps, kind: NotificationKind, rendered: RenderedNotice, to: string): Promise<Delivery> {
  const notes: string[] = [];
  const templateId = deps.config.notify.templates[kind];
  if (templateId && (await deps.store.contacts.useGrant(to, kind))) {
    const sent = await deps.messages.send({ touser: to, templateId, page: MESSAGE_PAGE, data: rendered.wechat, miniprogramState: deps.config.notify.miniprogramState });
    if (sent.ok) return { channel: 'wechat', status: 'sent' };
    // 43101: the grant we counted is gone (refused, or used elsewhere); it is not tried again.
    if (sent.refused) await deps.store.contacts.dropGrants(to, kind);
    notes.push(`wechat ${sent.code}${sent.refused ? ' refused' : ''}: ${sent.message}`);
  } else {
    notes.push(templateId ? 'no WeChat grant' : 'no WeChat template');
  }
  const smsTemplate = smsTemplateOf(deps.config.notify.sms, kind);
  const phone = smsTemplate ? await deps.store.contacts.phone(to) : null;
  if (smsTemplate && phone) {
    const sent = await deps.sms.send({ phone, templateId: smsTemplate, params: rendered.sms });
    if (sent.ok) return { channel: 'sms', status: 'sent', ...(notes.length ? { detail: notes.join('; ') } : {}) };
    notes.push(`sms ${sent.code}: ${sent.message}`);
    return { channel: 'sms', status: 'failed', detail: notes.join('; ') };
  }
  notes.push(smsTemplate ? 'no phone' : 'no SMS');
  const triedWechat = notes[0]?.startsWith('wechat') ?? false;
  return triedWechat ? { channel: 'wechat', status: 'failed', detail: notes.join('; ') } : { channel: 'none', status: 'skipped', detail: notes.join('; ') };
}

function smsTemplateOf(sms: Deps['config']['notify']['sms'], kind: NotificationKind): string | undefined {
  if (sms.mode === 'local') return `local-${kind}`;
  return sms.mode === 'tencent' ? sms.templates[kind] : undefined;
}

/** A tenant's subscriptions: per kind, the template to ask for (null: none configured) and the grants left; and whether a phone is on file. */
export async function subscriptionsOf(deps: NotifyDeps, principal: Principal) {
  const openid = tenantOf(principal);
  const [counts, phone] = await Promise.all([deps.store.contacts.subscriptions(openid), deps.store.contacts.phone(openid)]);
  return {
    // Staff are also told of alarms in their buildings, so they subscribe to that too.
    items: [...TENANT_NOTICE_KINDS, ...(isStaff(principal) ? (['alarm'] as const) : [])].map((kind) => ({ kind, templateId: deps.config.notify.templates[kind] ?? null, remaining: counts[kind] })),
    phone: phone ? maskPhone(phone) : null,
  };
}

/**
 * What `wx.requestSubscribeMessage` answered, as the mini-program got it
 * (`{<templateId>: 'accept' | 'reject' | 'ban' | 'filter'}`): each accept is
 * one more message of that kind. A template id we do not use is a 400.
 */
export async function recordSubscription(deps: NotifyDeps, principal: Principal, results: Readonly<Record<string, string>>) {
  const openid = tenantOf(principal);
  const kindOf = new Map(Object.entries(deps.config.notify.templates).map(([kind, id]) => [id, kind as NotificationKind]));
  const accepted: NotificationKind[] = [];
  for (const [templateId, answer] of Object.entries(results)) {
    const kind = kindOf.get(templateId);
    if (!kind) throw new AppError('subscription.unknown_template', 400, `"${templateId}" is not one of our message templates`, { details: { field: 'body.results' } });
    if (answer === 'accept') accepted.push(kind);
  }
  for (const kind of accepted) await deps.store.contacts.grant(openid, kind, 1, deps.config.notify.maxGrants);
  return subscriptionsOf(deps, principal);
}

/** Sets (or with null, forgets) the phone SMS goes to. */
export async function setPhone(deps: NotifyDeps, principal: Principal, phone: string | null) {
  await deps.store.contacts.setPhone(tenantOf(principal), phone, deps.clock.now().toISOString());
  return subscriptionsOf(deps, principal);
}

/** A meter's notifications: staff see every record; a tenant bound to it sees their own. */
export async function listNotifications(deps: NotifyDeps, principal: Principal, meterId: string, page: { limit: number; cursor?: string }) {
  await assertCanRead(deps.store, principal, meterId);
  const { items, next } = await deps.store.notifications.listForMeter(meterId, { ...page, ...(!isStaff(principal) && principal.kind === 'user' ? { to: principal.openid } : {}) });
  return { items: items.map(viewOf), next };
}

/** Staff only: the records of one meter (a manager outside the meter's buildings gets 404). */
export async function listNotificationsForStaff(deps: NotifyDeps, principal: Principal, meterId: string, page: { limit: number; cursor?: string }) {
  if (!(await deps.store.meters.get(meterId))) throw notFound('meter.not_found', `No meter "${meterId}"`);
  return listNotifications(deps, principal, meterId, page);
}

const viewOf = (record: StoredNotification) => ({
  id: record.id,
  meterId: record.meterId,
  kind: record.kind,
  channel: record.channel,
  to: record.to,
  // `pending` only while the channel has not answered yet (a fraction of a second, or a function that died there).
  status: record.status,
  at: record.at,
  text: record.text,
  ...(record.detail ? { detail: record.detail } : {}),
});

function tenantOf(principal: Principal): string {
  if (principal.kind !== 'user') throw new AppError('subscription.users_only', 403, 'Only a logged-in user has subscriptions');
  return principal.openid;
}
