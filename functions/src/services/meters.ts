import { displayFenOf, formatPrice, notFound, type LedgerEntryView, type List, type MeterView, type PageQuery, type ReadingView, type UsageQuery, type UsageView } from '@prepaid/shared';
import type { Principal } from '../http/types';
import type { LedgerEntry, Store, StoredReading } from '../store';
import { isStaff, keepInScope, meterInScope, seesEveryBuilding } from './scope';

export { isStaff };

/**
 * A tenant may read the meters bound to them; a manager the meters of their
 * buildings; an admin every meter. Anything else is the same 404 as a missing
 * meter: existence must not leak.
 */
export async function assertCanRead(store: Store, principal: Principal, meterId: string): Promise<void> {
  if (seesEveryBuilding(principal)) return;
  if (principal.kind === 'user' && (await store.meters.isBound(principal.openid, meterId))) return;
  if (isStaff(principal)) {
    await meterInScope(store, principal, meterId);
    return;
  }
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

export async function listAnomalies(store: Store, principal: Principal, page: PageQuery): Promise<List<ReadingView & { meterId: string }>> {
  const { items, next } = await store.readings.listAnomalies(page);
  const mine = await keepInScope(store, principal, items, (reading) => reading.meterId);
  return { items: mine.map((reading) => ({ ...toReadingView(reading), meterId: reading.meterId })), next };
}

/** Micro-fen to whole fen, half up: what a chart shows (the ledger holds the money itself). */

/** The days `from`..`to` (YYYY-MM-DD), or the months (YYYY-MM), in order. */
function calendarRange(granularity: 'day' | 'month', from: string, to: string): string[] {
  const out: string[] = [];
  if (granularity === 'day') {
    for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += 86_400_000) out.push(new Date(ms).toISOString().slice(0, 10));
    return out;
  }
  const first = Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7)) - 1;
  const last = Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7)) - 1;
  for (let index = first; index <= last; index++) out.push(`${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`);
  return out;
}

/**
 * A meter's consumption by hour, day or month (Beijing), read from the usage
 * aggregates the posting path keeps: one Query whatever the range. Every
 * bucket of the range is there, zero where nothing was used.
 */
export async function usageOf(store: Store, principal: Principal, meterId: string, query: UsageQuery): Promise<UsageView> {
  await assertCanRead(store, principal, meterId);
  const meter = await store.meters.get(meterId);
  if (!meter) throw notFound('meter.not_found', `No meter "${meterId}"`);
  const buckets: UsageView['buckets'] = [];
  let totalMicroFen = 0;
  const add = (start: string, usage: { quantity: number; costMicroFen: number } | undefined) => {
    totalMicroFen += usage?.costMicroFen ?? 0;
    buckets.push({ start, quantity: usage?.quantity ?? 0, costFen: displayFenOf(usage?.costMicroFen ?? 0) });
  };
  if (query.granularity === 'month') {
    const months = new Map((await store.usage.months(meterId, query.from, query.to)).map((item) => [item.month, item.usage]));
    for (const month of calendarRange('month', query.from, query.to)) add(month, months.get(month));
  } else {
    const days = new Map((await store.usage.days(meterId, query.from, query.to)).map((item) => [item.day, item.usage]));
    for (const day of calendarRange('day', query.from, query.to)) {
      const usage = days.get(day);
      if (query.granularity === 'day') add(day, usage);
      else for (let hour = 0; hour < 24; hour++) add(`${day}T${String(hour).padStart(2, '0')}`, usage?.parts[hour]);
    }
  }
  const total = { quantity: buckets.reduce((sum, bucket) => sum + bucket.quantity, 0), costFen: displayFenOf(totalMicroFen) };
  return { meterId, unit: meter.utility === 'electricity' ? 'Wh' : 'L', granularity: query.granularity, buckets, total };
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

export function toLedgerView(entry: LedgerEntry): LedgerEntryView {
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
