import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AppError } from '@prepaid/shared';
import * as z from 'zod';
import { batchGetByKey } from './batch';
import type { TableRef } from './client';
import { GSI2, keys, METER_SHARDS } from './keys';
import { MeterRecord } from './meter-record';

/** Finding meters (all of them, by device) and the small updates the IoT side makes to them. */
export function createMeterUpdates(table: TableRef) {
  const T = table.tableName;
  return {
    /** The building of each of the meters that exist (null: a meter in no building), for scoping lists. */
    async buildingsOf(meterIds: readonly string[]): Promise<Map<string, string | null>> {
      const found = await batchGetByKey(table, meterIds.map((id) => keys.meterKey(id)));
      return new Map([...found.values()].map((item) => [String(item.id), typeof item.buildingId === 'string' ? item.buildingId : null]));
    },

    /**
     * Every meter, a page at a time, for the periodic sweeps: the meters'
     * sparse partitions of GSI2, shard by shard, never a Scan of the table
     * (whose readings, ledger and pushes outnumber the meters a thousandfold).
     */
    async *scanAll(): AsyncGenerator<MeterRecord> {
      for (let shard = 0; shard < METER_SHARDS; shard++) {
        let cursor: Record<string, unknown> | undefined;
        do {
          const out = await table.doc.send(
            new QueryCommand({ TableName: T, IndexName: GSI2, KeyConditionExpression: 'GSI2PK = :pk', ExpressionAttributeValues: { ':pk': `METERS#${shard}` }, ExclusiveStartKey: cursor }),
          );
          for (const item of out.Items ?? []) yield MeterRecord.parse(item);
          cursor = out.LastEvaluatedKey;
        } while (cursor);
      }
    },

    /** The id of the meter a platform device (or, failing that, an IMEI) belongs to: one read, two when only the IMEI is known. */
    async meterIdByDevice(platform: string, deviceId: string, imei?: string): Promise<string | null> {
      for (const key of [keys.device(platform, deviceId), ...(imei ? [keys.imei(imei)] : [])]) {
        const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: key }));
        if (Item) return z.object({ meterId: z.string() }).parse(Item).meterId;
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

    /** When the current tenancy began (a move-in): the tiers of that cycle are pro-rated from it. */
    async setTenancyStart(meterId: string, atIso: string): Promise<void> {
      await table.doc.send(
        new UpdateCommand({
          TableName: T,
          Key: keys.meterKey(meterId),
          UpdateExpression: 'SET tenancyStart = :at',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':at': atIso },
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
