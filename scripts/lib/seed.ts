import { createStore, createTableRef, type MeterRecord, type TariffRecord } from '../../functions/src/store';

/** What the demo estate contains, so `npm start` can print who to log in as. */
export interface DemoEstate {
  readonly buildingId: string;
  readonly meterIds: string[];
  readonly tenants: { openid: string; meterIds: string[] }[];
  readonly managers: string[];
}

const BUILDING = { id: 'bldg-a', name: '幸福里公租房 A 栋', address: '杭州市西湖区文三路 100 号' };
const ROOMS = ['101', '102', '103', '104', '105', '106', '201', '202', '203', '204', '205', '206'];

const TARIFFS: Omit<TariffRecord, 'createdAt'>[] = [
  {
    id: 'elec-flat',
    name: '居民电价（平价）',
    utility: 'electricity',
    kind: 'flat',
    definition: { name: '居民电价（平价）', utility: 'electricity', kind: 'flat', price: '0.60' },
  },
  {
    id: 'elec-zj-tiered',
    name: '浙江居民阶梯电价（年）',
    utility: 'electricity',
    kind: 'tiered',
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
    name: '居民阶梯水价（月）',
    utility: 'water',
    kind: 'tiered',
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

/** Opening balances (fen) by room: most comfortable, a few low, one at zero with the supply cut. */
const openingBalanceFen = (index: number): number => [12000, 5600, 1500, 0, 30000, 8800][index % 6] ?? 0;

/**
 * Seeds one building of 12 rooms, each with an electricity (DL/T 645) and a
 * water (CJ/T 188) meter, flat and tiered tariffs, three tenants and a manager.
 * Opening balances are ledger adjustments, so balance = sum of entries holds.
 */
export async function seedDemoEstate(endpoint: string, tableName: string, now = new Date()): Promise<DemoEstate> {
  const store = createStore(createTableRef({ tableName, region: 'local', endpoint }));
  const at = now.toISOString();
  await store.estate.putBuilding(BUILDING);
  for (const tariff of TARIFFS) await store.estate.putTariff({ ...tariff, createdAt: at });
  const meterIds: string[] = [];
  for (const [index, room] of ROOMS.entries()) {
    await store.estate.putRoom({ buildingId: BUILDING.id, id: room, label: `A-${room}` });
    for (const meter of metersOfRoom(room, index, at)) {
      await store.meters.create(meter);
      meterIds.push(meter.id);
      const balance = meter.utility === 'electricity' ? openingBalanceFen(index) : openingBalanceFen(index + 3);
      if (balance > 0) {
        await store.ledger.post({
          meterId: meter.id,
          kind: 'adjustment',
          amountFen: balance,
          idempotencyKey: `seed:${meter.id}`,
          entryId: `seed-${meter.id}`,
          at,
          reason: 'demo opening balance',
          operator: 'seed',
        });
      }
    }
  }
  const tenants = [
    { openid: 'demo-tenant-1', meterIds: ['E-A101', 'W-A101'] },
    { openid: 'demo-tenant-2', meterIds: ['E-A102', 'W-A102'] },
    { openid: 'demo-tenant-3', meterIds: ['E-A104', 'W-A104'] },
  ];
  for (const tenant of tenants) {
    await store.users.put({ openid: tenant.openid, roles: ['tenant'], name: null, createdAt: at });
    for (const meterId of tenant.meterIds) await store.meters.bind(tenant.openid, meterId, at);
  }
  await store.users.put({ openid: 'demo-manager', roles: ['manager'], name: '物业管理员', createdAt: at });
  store.table.raw.destroy();
  return { buildingId: BUILDING.id, meterIds, tenants, managers: ['demo-manager'] };
}

function metersOfRoom(room: string, index: number, at: string): MeterRecord[] {
  const common = {
    platform: 'simulator' as const,
    imei: null,
    buildingId: BUILDING.id,
    room: `A-${room}`,
    lowBalanceFen: 2000,
    keepOn: false,
    online: true,
    lastReading: null,
    createdAt: at,
  };
  const electricityZero = openingBalanceFen(index) === 0;
  const waterZero = openingBalanceFen(index + 3) === 0;
  return [
    {
      ...common,
      id: `E-A${room}`,
      utility: 'electricity',
      protocol: 'dlt645',
      address: `0000000${room}01`.slice(-12),
      deviceId: `sim-E-A${room}`,
      tariffId: index % 2 === 0 ? 'elec-zj-tiered' : 'elec-flat',
      supply: electricityZero ? 'off' : 'on',
    },
    {
      ...common,
      id: `W-A${room}`,
      utility: 'water',
      protocol: 'cjt188',
      address: `000000000${room}02`.slice(-14),
      deviceId: `sim-W-A${room}`,
      tariffId: 'water-tiered',
      supply: waterZero ? 'off' : 'on',
    },
  ];
}
