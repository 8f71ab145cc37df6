import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, ScanCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AppError, MeterId, Utility, type MeterView } from '@prepaid/shared';
import { z } from 'zod';
import { batchGetByKey, keyId } from './batch';
import type { TableRef } from './client';
import { keys } from './keys';

/** A meter as stored (metadata only; money lives in its wallet item). */
export const MeterRecord = z.object({
  id: MeterId,
  utility: Utility,
  protocol: z.enum(['dlt645', 'cjt188', 'json']),
  address: z.string(),
  platform: z.enum(['ctwing', 'onenet', 'iotda', 'simulator']),
  deviceId: z.string(),
  imei: z.string().nullable(),
  /** The tariff in force now (for display); billing uses `tariffAssignments`. */
  tariffId: z.string(),
  /** Which tariff applies from when: a meter can switch schedules at a set instant. */
  tariffAssignments: z.array(z.object({ tariffId: z.string(), effectiveFrom: z.string() })).min(1),
  /** When the current tenancy began: tier thresholds of that cycle are pro-rated. */
  tenancyStart: z.string().nullable().default(null),
  /** Most the meter can count in an hour (base units); above it a reading is quarantined. */
  maxPlausiblePerHour: z.number().int().positive().nullable().default(null),
  buildingId: z.string().nullable(),
  room: z.string().nullable(),
  lowBalanceFen: z.number().int().nonnegative(),
  keepOn: z.boolean(),
  /** What the meter last reported (or was last commanded successfully). */
  supply: z.enum(['on', 'off']),
  /** What billing wants: set when a supply command is queued. */
  desiredSupply: z.enum(['on', 'off']).optional(),
  /** The one supply command in flight, if any. */
  pendingSupply: z.object({ commandId: z.string(), action: z.enum(['cut', 'restore']), createdAt: z.string() }).nullable().optional(),
  lastReportAt: z.string().nullable().optional(),
  online: z.boolean(),
  createdAt: z.string(),
});
export type MeterRecord = z.infer<typeof MeterRecord>;

const WalletView = z.object({
  balanceFen: z.number().int(),
  lastReading: z.object({ value: z.number().int(), at: z.string() }).nullable().default(null),
});
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
     * Creates a meter, its wallet at 0 and the claims on its platform device id
     * and IMEI in one transaction: 409 when the meter id, device or IMEI is taken.
     */
    async create(meter: MeterRecord): Promise<void> {
      const record = MeterRecord.parse(meter);
      const claim = (key: { PK: string; SK: string }, entity: string) => ({
        Put: { TableName: T, Item: { ...key, entity, meterId: record.id }, ConditionExpression: 'attribute_not_exists(PK)' },
      });
      const items = [
        claim(keys.meter(record.id, record.buildingId), 'meter'),
        claim(keys.wallet(record.id), 'wallet'),
        claim(keys.device(record.platform, record.deviceId), 'device'),
        ...(record.imei ? [claim(keys.imei(record.imei), 'imei')] : []),
      ];
      Object.assign(items[0]!.Put.Item, record);
      Object.assign(items[1]!.Put.Item, { balanceFen: 0, version: 0, remainderMicroFen: 0, lastReading: null, cycle: null });
      try {
        await table.doc.send(new TransactWriteCommand({ TransactItems: items }));
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = (error.CancellationReasons ?? []).map((reason) => reason.Code);
        if (reasons[0] === 'ConditionalCheckFailed') throw new AppError('meter.exists', 409, `Meter "${record.id}" already exists`);
        if (reasons[2] === 'ConditionalCheckFailed') {
          throw new AppError('meter.device_taken', 409, `Device ${record.platform}/${record.deviceId} belongs to another meter`);
        }
        if (reasons[3] === 'ConditionalCheckFailed') throw new AppError('meter.imei_taken', 409, `IMEI ${record.imei} belongs to another meter`);
        throw error;
      }
    },

    /**
     * Every meter, a page at a time, for the periodic sweeps. A Scan: fine for
     * an hourly job over thousands of meters; a sparse index would replace it at larger scale.
     */
    async *scanAll(): AsyncGenerator<MeterRecord> {
      let cursor: Record<string, unknown> | undefined;
      do {
        const out = await table.doc.send(
          new ScanCommand({ TableName: T, FilterExpression: 'entity = :meter', ExpressionAttributeValues: { ':meter': 'meter' }, ExclusiveStartKey: cursor }),
        );
        for (const item of out.Items ?? []) yield MeterRecord.parse(item);
        cursor = out.LastEvaluatedKey;
      } while (cursor);
    },

    /** The meter a platform device (or, failing that, an IMEI) belongs to. */
    async findByDevice(platform: string, deviceId: string, imei?: string): Promise<MeterRecord | null> {
      for (const key of [keys.device(platform, deviceId), ...(imei ? [keys.imei(imei)] : [])]) {
        const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: key }));
        const meterId = Item ? z.object({ meterId: z.string() }).parse(Item).meterId : null;
        if (meterId) return this.get(meterId);
      }
      return null;
    },

    /** Records that the meter was heard from (or went offline). */
    async setPresence(meterId: string, online: boolean, atIso: string | null): Promise<void> {
      await table.doc.send(
        new UpdateCommand({
          TableName: T,
          Key: keys.meterKey(meterId),
          UpdateExpression: atIso ? 'SET #online = :online, lastReportAt = :at' : 'SET #online = :online',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: { '#online': 'online' },
          ExpressionAttributeValues: { ':online': online, ...(atIso ? { ':at': atIso } : {}) },
        }),
      );
    },

    /** The new register's communication address after a replacement. */
    async setAddress(meterId: string, address: string): Promise<void> {
      await table.doc.send(
        new UpdateCommand({
          TableName: T,
          Key: keys.meterKey(meterId),
          UpdateExpression: 'SET #address = :address',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: { '#address': 'address' },
          ExpressionAttributeValues: { ':address': address },
        }),
      );
    },

    /** Switches the meter to `tariffId` from `effectiveFrom` (past consumption keeps its tariff). */
    async assignTariff(meterId: string, tariffId: string, effectiveFrom: string): Promise<MeterRecord> {
      try {
        const out = await table.doc.send(
          new UpdateCommand({
            TableName: T,
            Key: keys.meterKey(meterId),
            UpdateExpression: 'SET tariffAssignments = list_append(tariffAssignments, :assignment), tariffId = :tariffId',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeValues: { ':assignment': [{ tariffId, effectiveFrom }], ':tariffId': tariffId },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return MeterRecord.parse(out.Attributes);
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') throw new AppError('meter.not_found', 404, `No meter "${meterId}"`);
        throw error;
      }
    },
  };
}

export type MeterRepository = ReturnType<typeof createMeterRepository>;
