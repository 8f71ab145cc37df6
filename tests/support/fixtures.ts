import type { MeterRecord } from '../../functions/src/store';

/** A valid meter record with every field filled in; tests override what they care about. */
export function meterRecord(id: string, overrides: Partial<MeterRecord> = {}): MeterRecord {
  const electricity = (overrides.utility ?? 'electricity') === 'electricity';
  return {
    id,
    utility: 'electricity',
    protocol: electricity ? 'dlt645' : 'cjt188',
    address: electricity ? '123456789012' : '00000019121301',
    platform: 'simulator',
    deviceId: `dev-${id}`,
    imei: null,
    circuit: null,
    model: null,
    billing: 'platform',
    purchase: { count: 0, fen: 0 },
    meterSide: null,
    params: null,
    reportedParams: null,
    tariffId: 'no-such-tariff',
    tariffAssignments: [{ tariffId: overrides.tariffId ?? 'no-such-tariff', effectiveFrom: '1999-12-31T16:00:00.000Z' }],
    tenancyStart: null,
    maxPlausiblePerHour: null,
    buildingId: null,
    room: 'A-101',
    lowBalanceFen: 2000,
    keepOn: false,
    supply: 'on',
    supplyHold: null,
    supplyRevision: 0,
    supplyFailures: 0,
    lastSupplyFailureAt: null,
    online: true,
    createdAt: '2026-11-21T00:00:00.000Z',
    ...overrides,
  };
}
