import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { MeterView } from '@prepaid/shared';
import * as z from 'zod';
import { batchGetByKey, keyId, queryAll } from './batch';
import type { TableRef } from './client';
import { keys } from './keys';
import { MeterRecord } from './meter-record';

const WalletView = z.object({
  balanceFen: z.number().int(),
  lastReading: z.object({ value: z.number().int(), at: z.string() }).nullable().default(null),
});
const TariffName = z.object({ name: z.string() });
const BindingItem = z.object({ meterId: z.string() });

/** Joins meters with their wallets and tariff names: two batched reads whatever the count. */
async function viewsOf(table: TableRef, meterIds: readonly string[]): Promise<MeterView[]> {
  const first = await batchGetByKey(
    table,
    meterIds.flatMap((id) => [keys.meterKey(id), keys.wallet(id)]),
  );
  const meters = meterIds
    .map((id) => first.get(keyId(keys.meterKey(id))))
    .filter((item): item is Record<string, unknown> => item !== undefined)
    .map((item) => MeterRecord.parse(item));
  const tariffs = await batchGetByKey(
    table,
    meters.map((meter) => keys.tariff(meter.tariffId)),
  );
  return meters.map((meter) => {
    const walletItem = first.get(keyId(keys.wallet(meter.id)));
    const wallet = walletItem ? WalletView.parse(walletItem) : { balanceFen: 0, lastReading: null };
    const tariff = tariffs.get(keyId(keys.tariff(meter.tariffId)));
    const unit = meter.utility === 'electricity' ? ('Wh' as const) : ('L' as const);
    return {
      id: meter.id,
      utility: meter.utility,
      balanceFen: wallet.balanceFen,
      supply: meter.supply,
      keepOn: meter.keepOn,
      lastReading: wallet.lastReading ? { ...wallet.lastReading, unit } : null,
      online: meter.online,
      room: meter.room,
      building: meter.buildingId,
      tariffName: tariff ? TariffName.parse(tariff).name : null,
    };
  });
}


/** What tenants see of meters, and which tenant is bound to which meter. */
export function createMeterViews(table: TableRef) {
  const T = table.tableName;

  return {
    async getView(meterId: string): Promise<MeterView | null> {
      const [view] = await viewsOf(table, [meterId]);
      return view ?? null;
    },

    /** The meters bound to a tenant, in meter-id order. */
    async listViewsForUser(openid: string): Promise<MeterView[]> {
      const bindings = await queryAll(table, {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': keys.user(openid).PK, ':sk': keys.bindingPrefix },
      });
      const ids = bindings.map((item) => BindingItem.parse(item).meterId);
      return viewsOf(table, ids);
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

  };
}
