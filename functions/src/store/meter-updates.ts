import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AppError } from '@prepaid/shared';
import type { TableRef } from './client';
import { GSI2, keys, METER_SHARDS } from './keys';
import { MeterRecord } from './meter-record';

/** Finding meters (all of them, by device) and the small updates the IoT side makes to them. */
export function createMeterUpdates(table: TableRef) {
  const T = table.tableName;
  return {
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

    /** Records that the meter was heard from (or went offline). */
    setPresence: (meterId: string, online: boolean, atIso: string | null): Promise<void> =>
      setFields(table, meterId, atIso ? 'SET #online = :online, lastReportAt = :at' : 'SET #online = :online', { ':online': online, ...(atIso ? { ':at': atIso } : {}) }, { '#online': 'online' }),

    /** When the current tenancy began (a move-in): the tiers of that cycle are pro-rated from it. */
    setTenancyStart: (meterId: string, atIso: string): Promise<void> => setFields(table, meterId, 'SET tenancyStart = :at', { ':at': atIso }),


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

/** Sets fields of an existing meter's record (a write to no meter fails its condition). */
async function setFields(table: TableRef, meterId: string, expression: string, values: Record<string, unknown>, names?: Record<string, string>): Promise<void> {
  await table.doc.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: keys.meterKey(meterId),
      UpdateExpression: expression,
      ConditionExpression: 'attribute_exists(PK)',
      ...(names ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
    }),
  );
}
