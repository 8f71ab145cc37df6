/**
 * The keys of every cached read, in one place, so a change invalidates
 * exactly what it moved. Keys start with the logged-in openid: another user
 * (the demo switch) never sees the previous one's cache.
 */
export const queryKeys = {
  health: () => ['health'] as const,
  /** Everything of every user: what a recharge, a binding or a pull-to-refresh makes stale. */
  everyUser: () => ['user'] as const,
  /** Everything of one user. */
  user: (openid: string) => ['user', openid] as const,
  myMeters: (openid: string) => ['user', openid, 'meters'] as const,
  meter: (openid: string, meterId: string) => ['user', openid, 'meter', meterId] as const,
  readings: (openid: string, meterId: string) => ['user', openid, 'meter', meterId, 'readings'] as const,
  usage: (openid: string, meterId: string, range: { granularity: string; from: string; to: string }) => ['user', openid, 'meter', meterId, 'usage', range.granularity, range.from, range.to] as const,
  insights: (openid: string, meterId: string) => ['user', openid, 'meter', meterId, 'insights'] as const,
  records: (openid: string, meterId: string) => ['user', openid, 'meter', meterId, 'records'] as const,
  entry: (openid: string, meterId: string, entryId: string) => ['user', openid, 'meter', meterId, 'entry', entryId] as const,
  alarms: (openid: string, meterId: string) => ['user', openid, 'meter', meterId, 'alarms'] as const,
  notifications: (openid: string, meterId: string) => ['user', openid, 'meter', meterId, 'notifications'] as const,
  refunds: (openid: string, meterId: string) => ['user', openid, 'meter', meterId, 'refunds'] as const,
  subscriptions: (openid: string) => ['user', openid, 'subscriptions'] as const,
  /** What a member of staff reads: under the user, so a change or another login refreshes it like the rest. */
  overview: (openid: string) => ['user', openid, 'admin', 'overview'] as const,
  adminMeters: (openid: string, filter: string, q: string) => ['user', openid, 'admin', 'meters', filter, q] as const,
  adminMeter: (openid: string, meterId: string) => ['user', openid, 'admin', 'meter', meterId] as const,
  adminAlarms: (openid: string) => ['user', openid, 'admin', 'alarms'] as const,
  adminRefunds: (openid: string, status: string) => ['user', openid, 'admin', 'refunds', status] as const,
  adminMass: (openid: string, buildingId: string) => ['user', openid, 'admin', 'mass', buildingId] as const,
  adminAudit: (openid: string, buildingId: string) => ['user', openid, 'admin', 'audit', buildingId] as const,
  staff: (openid: string) => ['user', openid, 'admin', 'staff'] as const,
  adminQr: (openid: string, buildingId: string) => ['user', openid, 'admin', 'qrcodes', buildingId] as const,
  statistics: (openid: string, from: string, to: string, grain: string, buildingId: string) => ['user', openid, 'admin', 'statistics', from, to, grain, buildingId] as const,
  exports: (openid: string) => ['user', openid, 'admin', 'exports'] as const,
  apiKeys: (openid: string) => ['user', openid, 'admin', 'api-keys'] as const,
  gateways: (openid: string) => ['user', openid, 'admin', 'gateways'] as const,
  income: (openid: string, from: string, to: string, buildingId: string, kind: string) => ['user', openid, 'admin', 'income', from, to, buildingId, kind] as const,
};
