import { formatPrice, notFound, type LedgerEntryView, type List, type MeterView, type PageQuery, type ReadingView } from '@prepaid/shared';
import type { Principal } from '../http/types';
import type { LedgerEntry, Store, StoredReading } from '../store';

const isStaff = (principal: Principal): boolean => principal.roles.some((role) => role === 'manager' || role === 'admin');

/**
 * Managers and admins may read every meter; a tenant only the meters bound to
 * them. Anything else is the same 404 as a missing meter: existence must not leak.
 */
export async function assertCanRead(store: Store, principal: Principal, meterId: string): Promise<void> {
  if (isStaff(principal)) return;
  if (principal.kind === 'user' && (await store.meters.isBound(principal.openid, meterId))) return;
  throw notFound('meter.not_found', `No meter "${meterId}"`);
}

export async function getMeterView(store: Store, principal: Principal, meterId: string): Promise<MeterView> {
  await assertCanRead(store, principal, meterId);
  const view = await store.meters.getView(meterId);
  if (!view) throw notFound('meter.not_found', `No meter "${meterId}"`);
  return view;
}

export async function listMyMeters(store: Store, principal: Principal): Promise<List<MeterView>> {
  if (principal.kind !== 'user') return { items: [], next: null };
  return { items: await store.meters.listViewsForUser(principal.openid), next: null };
}

export async function listReadings(store: Store, principal: Principal, meterId: string, page: PageQuery): Promise<List<ReadingView>> {
  await assertCanRead(store, principal, meterId);
  if (!(await store.meters.get(meterId))) throw notFound('meter.not_found', `No meter "${meterId}"`);
  const { items, next } = await store.readings.list(meterId, page);
  return { items: items.map(toReadingView), next };
}

export async function listLedger(store: Store, principal: Principal, meterId: string, page: PageQuery): Promise<List<LedgerEntryView>> {
  await assertCanRead(store, principal, meterId);
  if (!(await store.meters.get(meterId))) throw notFound('meter.not_found', `No meter "${meterId}"`);
  const { items, next } = await store.ledger.list(meterId, page);
  return { items: items.map(toLedgerView), next };
}

export async function listAnomalies(store: Store, page: PageQuery): Promise<List<ReadingView & { meterId: string }>> {
  const { items, next } = await store.readings.listAnomalies(page);
  return { items: items.map((reading) => ({ ...toReadingView(reading), meterId: reading.meterId })), next };
}

/** Binds the logged-in tenant to the meter whose QR code they scanned (`scene` = `m=<meterId>`). */
export async function bindByScene(store: Store, principal: Principal, scene: string, at: string): Promise<{ meterId: string }> {
  const meterId = scene.slice('m='.length);
  if (principal.kind !== 'user' || !(await store.meters.get(meterId))) throw notFound('meter.not_found', `No meter "${meterId}"`);
  await store.meters.bind(principal.openid, meterId, at);
  return { meterId };
}

export function toReadingView(reading: StoredReading): ReadingView {
  return {
    at: reading.at,
    receivedAt: reading.receivedAt,
    ...(reading.reportedAt ? { reportedAt: reading.reportedAt } : {}),
    value: reading.value,
    unit: reading.unit,
    status: reading.status,
    ...(reading.reason ? { reason: reading.reason } : {}),
    ...(reading.quantity !== undefined ? { quantity: reading.quantity } : {}),
    ...(reading.chargeFen !== undefined ? { chargeFen: reading.chargeFen } : {}),
  };
}

function toLedgerView(entry: LedgerEntry): LedgerEntryView {
  const { seq: _seq, meterId: _meterId, items, ...rest } = entry;
  return {
    ...rest,
    ...(items
      ? {
          items: items.map((item) => ({
            label: item.label,
            quantity: item.quantity,
            price: formatPrice(item.pricePer10kYuan),
            costMicroFen: item.costMicroFen,
          })),
        }
      : {}),
  };
}
