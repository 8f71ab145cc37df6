import type { MeterView } from '@prepaid/shared';

/** A meter as GET /v1/me/meters returns it; override what the test is about. */
export function aMeter(overrides: Partial<MeterView> = {}): MeterView {
  return {
    id: 'E-1001',
    utility: 'electricity',
    balanceFen: 12345,
    lowBalanceFen: 2000,
    daysLeft: 23,
    supply: 'on',
    keepOn: false,
    hold: false,
    pendingSupply: null,
    lastReading: { value: 1234560, unit: 'Wh', at: '2025-11-20T08:30:00+08:00' },
    lastReportAt: '2025-11-20T08:30:05+08:00',
    online: true,
    room: '502',
    building: '3号楼',
    tariffName: '居民阶梯电价',
    ...overrides,
  };
}
