import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { daysLeftAtPace, expectedDelivery, type MeterView } from '@prepaid/shared';
import * as z from 'zod';
import { batchGetByKey, keyId, queryAll } from './batch';
import type { TableRef } from './client';
import { GSI1, keys } from './keys';
import { MeterRecord } from './meter-record';

const WalletView = z.object({
  balanceFen: z.number().int(),
  lastReading: z.object({ value: z.number().int(), at: z.string() }).nullable().default(null),
  pace: z.object({ coveredMs: z.number().int().nonnegative(), costMicroFen: z.string() }).nullable().default(null),
});

/**
 * How often a meter reports, for the time a queued command should reach it:
 * NB-IoT prepaid meters are commonly set to report hourly (they take a
 * command only when they wake to report).
 */
export const REPORT_INTERVAL_MS = 60 * 60_000;
const TariffName = z.object({ name: z.string() });
const BindingItem = z.object({ meterId: z.string() });

/** Joins meters with their wallets and tariff names: two batched reads whatever the count. */
async function viewsOf(table: TableRef, meterIds: readonly string[], now: Date): Promise<MeterView[]> {
  const first = await batchGetByKey(
    table,
    meterIds.flatMap((id) => [keys.meterKey(id), keys.wallet(id)]),
  );
  const meters = meterIds
    .map((id) => first.get(keyId(keys.meterKey(id))))
    .filter((item): item is Record<string, unknown> => item !== undefined)
    .map((item) => MeterRecord.parse(item));
  // Tariff and building names in one more batch: a page of meters names few of either.
  const named = await batchGetByKey(table, [
    ...meters.map((meter) => keys.tariff(meter.tariffId)),
    ...meters.flatMap((meter) => (meter.buildingId ? [keys.building(meter.buildingId)] : [])),
  ]);
  return meters.map((meter) => {
    const walletItem = first.get(keyId(keys.wallet(meter.id)));
    const wallet = walletItem ? WalletView.parse(walletItem) : { balanceFen: 0, lastReading: null, pace: null };
    const tariff = named.get(keyId(keys.tariff(meter.tariffId)));
    const building = meter.buildingId ? named.get(keyId(keys.building(meter.buildingId))) : undefined;
    const unit = meter.utility === 'electricity' ? ('Wh' as const) : ('L' as const);
    return {
      id: meter.id,
      utility: meter.utility,
      balanceFen: wallet.balanceFen,
      lowBalanceFen: meter.lowBalanceFen,
      daysLeft: daysLeftAtPace(wallet.balanceFen, wallet.pace),
      supply: meter.supply,
      keepOn: meter.keepOn,
      hold: meter.supplyHold !== null,
      pendingSupply: meter.pendingSupply
        ? {
            action: meter.pendingSupply.action,
            since: meter.pendingSupply.createdAt,
            expectedBy: expectedDelivery({
              queuedAt: new Date(meter.pendingSupply.createdAt),
              lastReportAt: meter.lastReportAt ? new Date(meter.lastReportAt) : null,
              reportIntervalMs: REPORT_INTERVAL_MS,
              now,
            }).toISOString(),
          }
        : null,
      lastReading: wallet.lastReading ? { ...wallet.lastReading, unit } : null,
      lastReportAt: meter.lastReportAt ?? null,
      online: meter.online,
      room: meter.room,
      building: meter.buildingId,
      buildingName: typeof building?.name === 'string' ? building.name : null,
      tariffName: tariff ? TariffName.parse(tariff).name : null,
      ...(meter.circuit ? { circuit: meter.circuit } : {}),
    };
  });
}


/** What tenants see of meters, and which tenant is bound to which meter. */
export function createMeterViews(table: TableRef) {
  const T = table.tableName;

  return {
    /** Meters as views (balance, supply, presence…), in the order given; missing ids are left out. */
    views: (meterIds: readonly string[], now = new Date()): Promise<MeterView[]> => viewsOf(table, meterIds, now),

    /** The building of each of the meters that exist (null: a meter in no building), for scoping lists. */
    async buildingsOf(meterIds: readonly string[]): Promise<Map<string, string | null>> {
      const found = await batchGetByKey(table, meterIds.map((id) => keys.meterKey(id)));
      return new Map([...found.values()].map((item) => [String(item.id), typeof item.buildingId === 'string' ? item.buildingId : null]));
    },

    /** The records of the meters that exist among `meterIds` (batched reads), by id. */
    async records(meterIds: readonly string[]): Promise<Map<string, MeterRecord>> {
      const found = await batchGetByKey(table, meterIds.map((id) => keys.meterKey(id)));
      return new Map([...found.values()].map((item) => { const record = MeterRecord.parse(item); return [record.id, record]; }));
    },

    /** The ids of a building's meters, in id order (its GSI1 partition). */
    async idsInBuilding(buildingId: string): Promise<string[]> {
      const items = await queryAll(table, {
        IndexName: GSI1,
        KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :sk)',
        ExpressionAttributeValues: { ':pk': `BUILDING#${buildingId}`, ':sk': 'METER#' },
        ProjectionExpression: 'GSI1SK',
      });
      return items.map((item) => String(item.GSI1SK).slice('METER#'.length));
    },

    /** The openids of the tenants bound to a meter. */
    async tenantsOf(meterId: string): Promise<{ openid: string; boundAt: string | null }[]> {
      const items = await queryAll(table, {
        IndexName: GSI1,
        KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :sk)',
        ExpressionAttributeValues: { ':pk': `METER#${meterId}`, ':sk': keys.bindingPrefix },
      });
      return items.map((item) => ({ openid: String(item.GSI1SK).slice(keys.bindingPrefix.length), boundAt: typeof item.boundAt === 'string' ? item.boundAt : null }));
    },

    /** A meter as its tenant sees it, now (`now` dates when a pending command should arrive). */
    async getView(meterId: string, now = new Date()): Promise<MeterView | null> {
      const [view] = await viewsOf(table, [meterId], now);
      return view ?? null;
    },

    /** The meters bound to a tenant, in meter-id order. */
    async listViewsForUser(openid: string, now = new Date()): Promise<MeterView[]> {
      // Strongly consistent: a tenant who has just scanned a meter's code is shown it in the next read.
      const bindings = await queryAll(table, {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': keys.user(openid).PK, ':sk': keys.bindingPrefix },
        ConsistentRead: true,
      });
      const ids = bindings.map((item) => BindingItem.parse(item).meterId);
      return viewsOf(table, ids, now);
    },

    async isBound(openid: string, meterId: string): Promise<boolean> {
      const { Item } = await table.doc.send(
        new GetCommand({ TableName: T, Key: { PK: keys.binding(openid, meterId).PK, SK: keys.binding(openid, meterId).SK } }),
      );
      return Item !== undefined;
    },

    /** Binds a tenant to a meter; binding twice is harmless. */
    async bind(openid: string, meterId: string, at: string): Promise<void> {
      await table.doc.send(
        new PutCommand({
          TableName: T,
          Item: { ...keys.binding(openid, meterId), entity: 'binding', openid, meterId, boundAt: at },
        }),
      );
    },

    /** Unbinds a tenant from a meter (a move-out); unbinding twice is harmless. */
    async unbind(openid: string, meterId: string): Promise<void> {
      await table.doc.send(new DeleteCommand({ TableName: T, Key: { PK: keys.binding(openid, meterId).PK, SK: keys.binding(openid, meterId).SK } }));
    },

  };
}
