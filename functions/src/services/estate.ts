import { displayFenOf, notFound, type AdminMeterView, type EstateOverview, type List, type MeterDeviceView, type MeterFilter } from '@prepaid/shared';
import type { Deps } from '../deps';
import type { Principal } from '../http/types';
import { beijingDate } from '../platform/beijing-time';
import type { MeterRecord, Store } from '../store';
import { managesBuilding, seesEveryBuilding } from './scope';

type EstateDeps = Pick<Deps, 'store' | 'clock'>;

/** How many open alarms the views read (newest first) to count them per meter: far more than an estate's usual handful. */
const OPEN_ALARMS_READ = 2_000;

/** The buildings a request is about: the one named (404 outside the caller's scope), else all the caller's. */
export async function buildingsFor(store: Store, principal: Principal, buildingId: string | undefined) {
  if (buildingId !== undefined) {
    if (!managesBuilding(principal, buildingId)) throw notFound('building.not_found', `No building "${buildingId}"`);
    const [building] = await store.estate.buildings([buildingId]);
    if (!building) throw notFound('building.not_found', `No building "${buildingId}"`);
    return [building];
  }
  return seesEveryBuilding(principal) ? store.estate.listBuildings() : store.estate.buildings(principal.buildings ?? []);
}

/** Open alarm kinds by meter, from the estate's open-alarm index. */
async function openAlarmsByMeter(store: Store): Promise<Map<string, string[]>> {
  const byMeter = new Map<string, string[]>();
  let cursor: string | undefined;
  for (let read = 0; read < OPEN_ALARMS_READ; ) {
    const page = await store.alarms.listOpen({ limit: 100, ...(cursor ? { cursor } : {}) });
    for (const alarm of page.items) byMeter.set(alarm.meterId, [...(byMeter.get(alarm.meterId) ?? []), alarm.kind]);
    read += page.items.length;
    if (!page.next) break;
    cursor = page.next;
  }
  return byMeter;
}

/** The states a meter list can be filtered on, as predicates of a meter's view. */
const FILTERS: Record<MeterFilter, (meter: AdminMeterView) => boolean> = {
  low_balance: (meter) => meter.balanceFen > 0 && meter.balanceFen <= meter.lowBalanceFen,
  arrears: (meter) => meter.balanceFen <= 0,
  cut: (meter) => meter.supply === 'off',
  keep_on: (meter) => meter.keepOn,
  offline: (meter) => !meter.online,
  alarm: (meter) => meter.openAlarms.length > 0,
};

async function adminViews(deps: EstateDeps, meterIds: readonly string[], alarms: Map<string, string[]>): Promise<AdminMeterView[]> {
  const views = await deps.store.meters.views(meterIds, deps.clock.now());
  return views.map((view) => ({ ...view, openAlarms: alarms.get(view.id) ?? [] }));
}

/**
 * `GET /v1/admin/overview?buildingId=`: per building of the caller's, the
 * meters by state (low balance, in arrears, cut, keep-on, offline, open
 * alarms) and today's (Beijing) recharges, refunds and consumption, from the
 * day aggregates the posting path keeps (not from ledgers or readings).
 */
export async function estateOverview(deps: EstateDeps, principal: Principal, query: { buildingId?: string }): Promise<EstateOverview> {
  const day = beijingDate(deps.clock.now());
  const [buildings, alarms] = await Promise.all([buildingsFor(deps.store, principal, query.buildingId), openAlarmsByMeter(deps.store)]);
  const out = await Promise.all(
    buildings.map(async (building) => {
      const ids = await deps.store.meters.idsInBuilding(building.id);
      const [views, usage, money] = await Promise.all([adminViews(deps, ids, alarms), deps.store.usage.dayTotals(ids, day), deps.store.usage.moneyOfDay(ids, day)]);
      const count = (filter: MeterFilter) => views.filter(FILTERS[filter]).length;
      const sum = (name: string) => [...money.values()].reduce((total, record) => total + (record[name] ?? 0), 0);
      const consumption = { electricityWh: 0, waterL: 0, costMicroFen: 0 };
      for (const view of views) {
        const used = usage.get(view.id);
        if (!used) continue;
        if (view.utility === 'electricity') consumption.electricityWh += used.quantity;
        else consumption.waterL += used.quantity;
        consumption.costMicroFen += used.costMicroFen;
      }
      return {
        id: building.id,
        name: building.name,
        meters: views.length,
        lowBalance: count('low_balance'),
        arrears: count('arrears'),
        cut: count('cut'),
        keepOn: count('keep_on'),
        offline: count('offline'),
        withAlarms: count('alarm'),
        openAlarms: views.reduce((total, view) => total + view.openAlarms.length, 0),
        today: {
          rechargeCount: sum('n_recharge'),
          rechargeFen: sum('fen_recharge'),
          refundCount: sum('n_refund'),
          refundFen: -sum('fen_refund'),
          electricityWh: consumption.electricityWh,
          waterL: consumption.waterL,
          // Whole fen for a screen: the exact cost rounded half up (the ledger holds the money).
          consumptionFen: displayFenOf(consumption.costMicroFen),
        },
      };
    }),
  );
  return { day, buildings: out };
}

/**
 * `GET /v1/admin/meters?buildingId&filter&q&limit&cursor`: the caller's
 * meters in id order, filtered by state and searched by meter id or room
 * (a substring, any case); `next` is the last id of the page.
 */
export async function listMeters(
  deps: EstateDeps,
  principal: Principal,
  query: { buildingId?: string; filter?: MeterFilter; q?: string; limit: number; cursor?: string },
): Promise<List<AdminMeterView>> {
  const [buildings, alarms] = await Promise.all([buildingsFor(deps.store, principal, query.buildingId), openAlarmsByMeter(deps.store)]);
  const ids = (await Promise.all(buildings.map((building) => deps.store.meters.idsInBuilding(building.id)))).flat().sort();
  const after = query.cursor === undefined ? ids : ids.filter((id) => id > query.cursor!);
  const needle = query.q?.toLowerCase();
  const items: AdminMeterView[] = [];
  // Views are read a slice at a time until the page is full: a filter that matches few meters reads on, one that matches many stops early.
  for (let start = 0; start < after.length && items.length <= query.limit; start += 100) {
    const views = await adminViews(deps, after.slice(start, start + 100), alarms);
    for (const view of views) {
      if (query.filter && !FILTERS[query.filter](view)) continue;
      if (needle && !view.id.toLowerCase().includes(needle) && !(view.room ?? '').toLowerCase().includes(needle)) continue;
      items.push(view);
    }
  }
  const page = items.slice(0, query.limit);
  return { items: page, next: items.length > query.limit ? page[page.length - 1]!.id : null };
}

/**
 * `GET /v1/admin/meters/{meterId}/device`: the device `meter` is on and every
 * meter on it in the caller's buildings (a terminal's circuits may feed rooms
 * of several buildings; a manager sees their own), each with its state and
 * open alarms, in circuit order, then by address. One Query of the device's
 * partition, one batch of views, one open-alarm read per meter (a device has
 * at most 36 circuits).
 */
export async function meterDevice(deps: EstateDeps, principal: Principal, meter: MeterRecord): Promise<MeterDeviceView> {
  const device = await deps.store.meters.deviceOf(meter.platform, meter.deviceId);
  const ids = device?.kind === 'multi' ? [...new Set([...device.points.values()].map((point) => point.meterId))] : [meter.id];
  const records = (await Promise.all(ids.map((id) => deps.store.meters.get(id)))).filter((record): record is MeterRecord => record !== null);
  const visible = records.filter((record) => record.id === meter.id || (record.buildingId !== null && managesBuilding(principal, record.buildingId)) || seesEveryBuilding(principal));
  const alarms = new Map(await Promise.all(visible.map(async (record) => [record.id, (await deps.store.alarms.openFor(record.id)).map((alarm) => alarm.kind)] as const)));
  const views = await adminViews(deps, visible.map((record) => record.id), alarms);
  const addressOf = new Map(visible.map((record) => [record.id, record.address]));
  const order = (view: AdminMeterView) => [view.circuit?.number ?? Number.MAX_SAFE_INTEGER, addressOf.get(view.id) ?? ''] as const;
  views.sort((a, b) => order(a)[0] - order(b)[0] || order(a)[1].localeCompare(order(b)[1]));
  return {
    platform: meter.platform,
    deviceId: meter.deviceId,
    imei: meter.imei,
    multiPoint: device?.kind === 'multi',
    gatewayId: meter.platform === 'gateway' ? meter.deviceId : null,
    meters: views.map((view) => ({ ...view, address: addressOf.get(view.id) ?? '' })),
  };
}
