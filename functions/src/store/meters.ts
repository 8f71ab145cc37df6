import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { MeterId, Utility, type MeterView } from '@prepaid/shared';
import { z } from 'zod';
import { batchGetByKey, keyId } from './batch';
import type { TableRef } from './client';
import { keys } from './keys';

const Unit = z.enum(['Wh', 'L']);

/** A meter as stored (metadata only; money lives in its wallet item). */
export const MeterRecord = z.object({
  id: MeterId,
  utility: Utility,
  protocol: z.enum(['dlt645', 'cjt188', 'json']),
  address: z.string(),
  platform: z.enum(['ctwing', 'onenet', 'iotda', 'simulator']),
  deviceId: z.string(),
  imei: z.string().nullable(),
  tariffId: z.string(),
  buildingId: z.string().nullable(),
  room: z.string().nullable(),
  lowBalanceFen: z.number().int().nonnegative(),
  keepOn: z.boolean(),
  supply: z.enum(['on', 'off']),
  online: z.boolean(),
  lastReading: z.object({ value: z.number().int(), unit: Unit, at: z.string() }).nullable(),
  createdAt: z.string(),
});
export type MeterRecord = z.infer<typeof MeterRecord>;

const WalletItem = z.object({ balanceFen: z.number().int() });
const TariffName = z.object({ name: z.string() });
const BindingItem = z.object({ meterId: z.string() });

export function createMeterRepository(table: TableRef) {
  const T = table.tableName;

  /** Joins meters with their wallets and tariff names: two batched reads whatever the count. */
  async function viewsOf(meterIds: readonly string[]): Promise<MeterView[]> {
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
      meters.map((meter) => keys.tariff(meter.tariffId)).map(({ PK, SK }) => ({ PK, SK })),
    );
    return meters.map((meter) => {
      const wallet = first.get(keyId(keys.wallet(meter.id)));
      const tariff = tariffs.get(keyId(keys.tariff(meter.tariffId)));
      return {
        id: meter.id,
        utility: meter.utility,
        balanceFen: wallet ? WalletItem.parse(wallet).balanceFen : 0,
        supply: meter.supply,
        keepOn: meter.keepOn,
        lastReading: meter.lastReading,
        online: meter.online,
        room: meter.room,
        building: meter.buildingId,
        tariffName: tariff ? TariffName.parse(tariff).name : null,
      };
    });
  }

  return {
    async get(meterId: string): Promise<MeterRecord | null> {
      const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: keys.meterKey(meterId) }));
      return Item ? MeterRecord.parse(Item) : null;
    },

    async getView(meterId: string): Promise<MeterView | null> {
      const [view] = await viewsOf([meterId]);
      return view ?? null;
    },

    /** The meters bound to a tenant, in meter-id order. */
    async listViewsForUser(openid: string): Promise<MeterView[]> {
      const ids: string[] = [];
      let cursor: Record<string, unknown> | undefined;
      do {
        const out = await table.doc.send(
          new QueryCommand({
            TableName: T,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
            ExpressionAttributeValues: { ':pk': keys.user(openid).PK, ':sk': keys.bindingPrefix },
            ExclusiveStartKey: cursor,
          }),
        );
        for (const item of out.Items ?? []) ids.push(BindingItem.parse(item).meterId);
        cursor = out.LastEvaluatedKey;
      } while (cursor);
      return viewsOf(ids);
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

    /**
     * Creates a meter with its wallet at 0 in one transaction; fails with
     * ConditionalCheckFailed inside a TransactionCanceledException if the meter exists.
     */
    async create(meter: MeterRecord): Promise<void> {
      const record = MeterRecord.parse(meter);
      await table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: T,
                Item: { ...keys.meter(record.id, record.buildingId), entity: 'meter', ...record },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: T,
                Item: { ...keys.wallet(record.id), entity: 'wallet', meterId: record.id, balanceFen: 0, version: 0 },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      );
    },
  };
}

export type MeterRepository = ReturnType<typeof createMeterRepository>;
