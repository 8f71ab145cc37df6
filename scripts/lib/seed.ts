import { inlineDepsReactions } from '../../functions/src/deps-inline';
import { loadConfig } from '../../functions/src/config';
import { createDeps } from '../../functions/src/deps';
import { createLogger } from '../../functions/src/platform';
import { fixedClock } from '../../functions/src/platform';
import { processReading } from '../../functions/src/services/billing';
import { recordOfflinePayment } from '../../functions/src/services/payments';
import { createMeter, createTariff } from '../../functions/src/services/provisioning';
import { createStore, createTableRef } from '../../functions/src/store';
import type { CreateMeterRequest, Tariff } from '@prepaid/shared';
import type { SimMeter } from '../simulator';
import type { SimGateway } from '../simulator/gateway-sim';
import { createGateway } from '../../functions/src/services/gateways';
import { SLOT_MS, electricityPowerW, householdProfile, waterSlotLitres } from '../simulator/load-curves';
import { randomFor } from '../simulator/random';
import { createLimiter } from '../simulator/delivery';

/** What the demo estate contains, so `npm start` can print who to log in as. */
export interface DemoEstate {
  readonly buildingId: string;
  readonly meterIds: string[];
  readonly tenants: { openid: string; meterIds: string[] }[];
  readonly managers: string[];
  /** The demo meters as the meter simulator runs them, each starting where the seeded readings left it. */
  readonly simMeters: SimMeter[];
  /** Where the simulator's clock starts: the seeded readings' last instant, in the past (see DEMO_HISTORY_MS). */
  readonly simulatorStartAtMs: number;
  /** The demo's gateways (a concentrator, a dormitory terminal) with their secrets, as the gateway simulator runs them. */
  readonly gateways: SimGateway[];
}

/**
 * Beside the rooms' NB-IoT meters: the building's concentrator in the
 * switch room (public lighting and the lift it decodes itself, two shops'
 * DDS238s on Modbus) and a dormitory's multi-circuit terminal, whose
 * lighting circuit a heater trips now and then.
 */
const GATEWAYS = [
  {
    id: 'gw-a-b1',
    name: 'A 栋配电房集中器',
    meters: [
      { id: 'E-A-PUB', room: 'A-公共照明', address: '000000009001', reads: 'energy', loadShare: 0.6 },
      { id: 'E-A-LIFT', room: 'A-电梯', address: '000000009002', reads: 'energy', loadShare: 1.5 },
      { id: 'E-A-S01', room: 'A-商铺 S01', address: '11', reads: 'modbus', loadShare: 2 },
      { id: 'E-A-S02', room: 'A-商铺 S02', address: '12', reads: 'modbus', loadShare: 1.2 },
    ],
  },
  {
    id: 'dorm-a-301',
    name: 'A-301 宿舍多回路终端',
    meters: [
      { id: 'E-A301-1', room: 'A-301', circuit: 1, circuitLabel: '照明', address: '000000030101', reads: 'energy', loadShare: 0.15, tripLimitW: 300 },
      { id: 'E-A301-2', room: 'A-301', circuit: 2, circuitLabel: '插座', address: '000000030102', reads: 'energy', loadShare: 0.35 },
      { id: 'E-A301-3', room: 'A-301', circuit: 3, circuitLabel: '空调', address: '000000030103', reads: 'energy', loadShare: 0.4 },
      { id: 'E-A301-4', room: 'A-301', circuit: 4, circuitLabel: '热水器', address: '000000030104', reads: 'energy', loadShare: 0.25 },
    ],
  },
] as const;

const gatewayMeterRequest = (gatewayId: string, meter: (typeof GATEWAYS)[number]['meters'][number]): CreateMeterRequest => ({
  id: meter.id,
  utility: 'electricity',
  protocol: meter.reads === 'modbus' ? 'modbus' : 'dlt645',
  ...(meter.reads === 'modbus' ? { model: 'hiking-dds238' as const } : {}),
  address: meter.address,
  platform: 'gateway',
  deviceId: gatewayId,
  ...('circuit' in meter ? { circuit: meter.circuit, circuitLabel: meter.circuitLabel } : {}),
  tariffId: 'elec-flat',
  buildingId: BUILDING.id,
  room: meter.room,
  lowBalanceFen: 1000,
});

const BUILDING = { id: 'bldg-a', name: '幸福里公租房 A 栋', address: '杭州市西湖区文三路 100 号' };
const ROOMS = ['101', '102', '103', '104', '105', '106', '201', '202', '203', '204', '205', '206'];

const TARIFFS: readonly { id: string; definition: Tariff }[] = [
  {
    id: 'elec-flat',
    definition: { name: '居民电价（平价）', utility: 'electricity', kind: 'flat', price: '0.60' },
  },
  {
    id: 'elec-zj-tiered',
    definition: {
      name: '浙江居民阶梯电价（年）',
      utility: 'electricity',
      kind: 'tiered',
      cycle: 'year',
      tiers: [
        { upTo: 2760, price: '0.538' },
        { upTo: 4800, price: '0.588' },
        { upTo: null, price: '0.838' },
      ],
    },
  },
  {
    id: 'water-tiered',
    definition: {
      name: '居民阶梯水价（月）',
      utility: 'water',
      kind: 'tiered',
      cycle: 'month',
      tiers: [
        { upTo: 15, price: '2.90' },
        { upTo: 25, price: '4.35' },
        { upTo: null, price: '8.70' },
      ],
    },
  },
];

/** Opening balances (fen) by room before the first charge: most comfortable, a few low, one at zero (it goes negative). */
const openingBalanceFen = (index: number): number => [12000, 5600, 1500, 0, 30000, 8800][index % 6] ?? 0;

/**
 * Seeds one building of 12 rooms, each with an electricity (DL/T 645) and a
 * water (CJ/T 188) meter, flat and tiered tariffs, three tenants and a manager.
 * Opening balances are ledger adjustments, so balance = sum of entries holds.
 */
export async function seedDemoEstate(endpoint: string, tableName: string, now = new Date()): Promise<DemoEstate> {
  const store = createStore(createTableRef({ tableName, region: 'local', endpoint }));
  const deps = createDeps(loadConfig({ STAGE: 'local', TABLE_NAME: tableName }), { store, log: createLogger('silent'), reactions: inlineDepsReactions });
  const at = now.toISOString();
  await store.estate.putBuilding(BUILDING);
  for (const tariff of TARIFFS) await createTariff(deps, { id: tariff.id, ...tariff.definition });
  const meterIds: string[] = [];
  const simMeters: SimMeter[] = [];
  const backfills: { meter: CreateMeterRequest; index: number; balance: number }[] = [];
  const openedAt = new Date(now.getTime() - DEMO_HISTORY_MS - (BACKFILL_DAYS - 7) * 86_400_000).toISOString();
  for (const [index, room] of ROOMS.entries()) {
    await store.estate.putRoom({ buildingId: BUILDING.id, id: room, label: `A-${room}` });
    for (const meter of metersOfRoom(room, index)) {
      await createMeter(deps, meter);
      meterIds.push(meter.id);
      const balance = meter.utility === 'electricity' ? openingBalanceFen(index) : openingBalanceFen(index + 3);
      if (balance > 0) {
        await store.ledger.post({
          meterId: meter.id,
          kind: 'adjustment',
          amountFen: balance,
          idempotencyKey: `seed:${meter.id}`,
          entryId: `seed-${meter.id}`,
          at: openedAt,
          reason: 'demo opening balance',
          operator: 'seed',
        });
      }
      backfills.push({ meter, index, balance });
    }
  }
  await store.estate.putRoom({ buildingId: BUILDING.id, id: '301', label: 'A-301' });
  const gatewaySecrets = new Map<string, string>();
  for (const gateway of GATEWAYS) {
    const created = await createGateway(deps, SEED_OPERATOR, { id: gateway.id, name: gateway.name, buildingId: BUILDING.id, kind: 'rs485' });
    gatewaySecrets.set(gateway.id, created.view.secret);
    for (const [i, meter] of gateway.meters.entries()) {
      const request = gatewayMeterRequest(gateway.id, meter);
      await createMeter(deps, request);
      meterIds.push(meter.id);
      // A DDS238 has no relay to cut (see commandFrame): the shops start with a deposit that lasts the demo.
      const balance = meter.reads === 'modbus' ? 200_000 : openingBalanceFen(i + 1);
      if (balance > 0) await store.ledger.post({ meterId: meter.id, kind: 'adjustment', amountFen: balance, idempotencyKey: `seed:${meter.id}`, entryId: `seed-${meter.id}`, at: openedAt, reason: 'demo opening balance', operator: 'seed' });
      backfills.push({ meter: request, index: ROOMS.length + i, balance });
    }
  }
  // Meters backfill side by side (each in its own order), a few at a time: DynamoDB Local shares two cores.
  const limit = createLimiter(4);
  const startValues = await Promise.all(backfills.map(({ meter, index, balance }) => limit(() => seedReadings(deps, meter, index, now, balance))));
  const startOf = new Map(backfills.map(({ meter }, i) => [meter.id, startValues[i]!] as const));
  for (const { meter } of backfills) if (meter.platform !== 'gateway') simMeters.push(simMeterOf(meter, startOf.get(meter.id)!));
  const gateways: SimGateway[] = GATEWAYS.map((gateway) => ({
    gatewayId: gateway.id,
    secret: gatewaySecrets.get(gateway.id)!,
    meters: gateway.meters.map((meter) => ({
      meterId: meter.id,
      address: meter.address,
      reads: meter.reads,
      loadShare: meter.loadShare,
      ...('tripLimitW' in meter ? { tripLimitW: meter.tripLimitW } : {}),
      // A DDS238 counts 0.01 kWh: it starts on a whole 10 Wh at or above the seeded register.
      startValue: meter.reads === 'modbus' ? Math.ceil(startOf.get(meter.id)! / 10) * 10 : startOf.get(meter.id)!,
    })),
  }));
  const tenants = [
    { openid: 'demo-tenant-1', meterIds: ['E-A101', 'W-A101'] },
    { openid: 'demo-tenant-2', meterIds: ['E-A102', 'W-A102'] },
    { openid: 'demo-tenant-3', meterIds: ['E-A104', 'W-A104'] },
    // A student of the dormitory room: its four circuits.
    { openid: 'demo-tenant-4', meterIds: ['E-A301-1', 'E-A301-2', 'E-A301-3', 'E-A301-4'] },
  ];
  for (const tenant of tenants) {
    await store.users.put({ openid: tenant.openid, roles: ['tenant'], name: null, createdAt: at, buildings: [] });
    for (const meterId of tenant.meterIds) await store.meters.bind(tenant.openid, meterId, at);
  }
  await store.users.put({ openid: 'demo-manager', roles: ['manager'], name: '物业管理员', createdAt: at, buildings: [BUILDING.id] });
  await store.staff.addManager(BUILDING.id, 'demo-manager', at);
  store.table.raw.destroy();
  return { buildingId: BUILDING.id, meterIds, tenants, managers: ['demo-manager'], simMeters, simulatorStartAtMs: now.getTime() - DEMO_HISTORY_MS, gateways };
}

/**
 * How far back the demo's history starts: the simulator replays it fast from
 * there (×600: a week in about 17 minutes) and then keeps real time, because
 * a meter's clock may not run ahead of the world's.
 */
export const DEMO_HISTORY_MS = 7 * 86_400_000;

/** Days of history the demo starts with: enough for the 30-day chart, last month and the months before. */
export const BACKFILL_DAYS = 60;

/**
 * The meter's history before the simulator takes over: a baseline
 * BACKFILL_DAYS ago, then one reading a day (at the hour of the day's end)
 * with the day's consumption from the simulator's own load curves, each
 * billed as it would have been on that day (the clock is the reading's
 * time, so the ledger dates its charges then). A wallet running low is
 * topped up in cash as a tenant would.
 * Returns the register at the end, where the simulator starts.
 */
async function seedReadings(deps: ReturnType<typeof createDeps>, meter: CreateMeterRequest, index: number, now: Date, openingFen: number): Promise<number> {
  const electricity = meter.utility === 'electricity';
  const unit = electricity ? ('Wh' as const) : ('L' as const);
  const profile = householdProfile(SEED, meter.id);
  const historyStart = now.getTime() - DEMO_HISTORY_MS;
  const firstMs = historyStart - (BACKFILL_DAYS - 7) * 86_400_000;
  const clock = fixedClock(new Date(firstMs));
  const meterDeps = { ...deps, clock };
  let value = (electricity ? 1_234_560 : 56_780) + index * 10_000;
  const read = async (atMs: number) => {
    clock.set(new Date(atMs + 60_000));
    await processReading(meterDeps, meter.id, { value, unit, at: new Date(atMs), source: 'seed' });
  };
  await read(firstMs);
  // Tenants top up to about where they started (the low rooms keep a little). The rooms that start at zero top up ¥10 at a
  // time and stop five weeks before today: they run into arrears, are cut, and use nothing more while cut (the demo needs one).
  const target = Math.max(openingFen, 1500);
  const lastTopUpMs = historyStart - 30 * 86_400_000;
  let cut = false;
  for (let dayMs = firstMs; dayMs < historyStart; dayMs += 86_400_000) {
    const random = randomFor(SEED, meter.id, dayMs);
    let used = 0;
    for (let slot = cut ? dayMs + 86_400_000 : dayMs; slot < dayMs + 86_400_000; slot += SLOT_MS) {
      used += electricity ? Math.round((electricityPowerW(profile, slot, random) * SLOT_MS) / 3_600_000) : waterSlotLitres(profile, slot, random);
    }
    // A CJ/T 188 water meter counts in steps of 10 L.
    used = electricity ? used : Math.round(used / 10) * 10;
    value += used;
    await read(dayMs + 86_400_000);
    const view = await deps.store.meters.getView(meter.id);
    const balanceFen = view?.balanceFen ?? 0;
    if (openingFen === 0 && dayMs >= lastTopUpMs) cut ||= balanceFen <= 0;
    else if (openingFen === 0 && balanceFen < 300) {
      clock.set(new Date(dayMs + 86_400_000 + 2 * 3_600_000));
      await recordOfflinePayment(meterDeps, SEED_OPERATOR, meter.id, { amountFen: 1000, method: 'cash', reference: '演示充值' }, `seed:${meter.id}:${dayMs}`);
    } else if (openingFen > 0 && view && view.balanceFen < target / 2) {
      clock.set(new Date(dayMs + 86_400_000 + 2 * 3_600_000));
      await recordOfflinePayment(meterDeps, SEED_OPERATOR, meter.id, { amountFen: Math.ceil((target - view.balanceFen) / 5000) * 5000, method: 'cash', reference: '演示充值' }, `seed:${meter.id}:${dayMs}`);
    }
  }
  return value;
}

const SEED = 1;
const SEED_OPERATOR = { kind: 'key', keyId: 'seed', roles: ['admin'] } as const;

function simMeterOf(meter: CreateMeterRequest, startValue: number): SimMeter {
  if (meter.platform !== 'ctwing' && meter.platform !== 'onenet') throw new Error(`${meter.id}: the simulator runs CTWing and OneNET meters`);
  if (meter.protocol === 'json' || meter.protocol === 'modbus') throw new Error(`${meter.id}: the simulator's NB-IoT meters speak DL/T 645 and CJ/T 188`);
  return {
    meterId: meter.id,
    utility: meter.utility,
    protocol: meter.protocol,
    address: meter.address,
    platform: meter.platform,
    deviceId: meter.deviceId,
    ...(meter.imei ? { imei: meter.imei } : {}),
    startValue,
  };
}

function metersOfRoom(room: string, index: number): CreateMeterRequest[] {
  // Real platform meters: electricity behind CTWing, water behind OneNET (the simulator plays both locally).
  const common = {
    buildingId: BUILDING.id,
    room: `A-${room}`,
    lowBalanceFen: 2000,
  };
  return [
    {
      ...common,
      id: `E-A${room}`,
      utility: 'electricity',
      protocol: 'dlt645',
      address: `0000000${room}01`.slice(-12),
      platform: 'ctwing',
      deviceId: `ct-E-A${room}`,
      imei: `860000000${room}1`,
      tariffId: index % 2 === 0 ? 'elec-zj-tiered' : 'elec-flat',
    },
    {
      ...common,
      id: `W-A${room}`,
      utility: 'water',
      protocol: 'cjt188',
      address: `000000000${room}02`.slice(-14),
      platform: 'onenet',
      deviceId: `on-W-A${room}`,
      imei: `860000000${room}2`,
      tariffId: 'water-tiered',
    },
  ];
}
