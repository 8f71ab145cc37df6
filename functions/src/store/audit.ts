import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { AuditEntryView } from '@prepaid/shared';
import type * as z from 'zod';
import type { TableRef } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import { GSI1, keys } from './keys';

/** An entry as stored is the entry as the API answers it (`AuditEntryView`): one schema for both. */
export const StoredAudit = AuditEntryView;
export type StoredAudit = z.infer<typeof StoredAudit>;

/**
 * The audit log: append only. `record` writes a new item under a condition
 * that it does not exist, and nothing in this repository (or any route)
 * updates or deletes one. Every entry is in the estate's partition, newest
 * last; one with a building is also in that building's index, so a manager
 * reads their buildings' actions without seeing the others'. Staff act at
 * human speed: one partition holds the estate's log comfortably.
 */
export function createAuditRepository(table: TableRef) {
  const T = table.tableName;
  return {
    async record(entry: StoredAudit): Promise<void> {
      await table.doc.send(
        new PutCommand({
          TableName: T,
          Item: { ...keys.audit(entry.at, entry.id), ...(entry.buildingId ? keys.auditIndex(entry.buildingId, entry.at, entry.id) : {}), entity: 'audit', ...entry },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    },

    /** Newest first: the estate's log, or one building's; optionally only one meter's entries. */
    async list(options: { buildingId?: string; meterId?: string; limit: number; cursor?: string }): Promise<{ items: StoredAudit[]; next: string | null }> {
      const byBuilding = options.buildingId !== undefined;
      const pk = options.buildingId !== undefined ? keys.auditIndexPartition(options.buildingId) : keys.auditPartition;
      const out = await table.doc.send(
        new QueryCommand({
          TableName: T,
          ...(byBuilding ? { IndexName: GSI1, KeyConditionExpression: 'GSI1PK = :pk' } : { KeyConditionExpression: 'PK = :pk' }),
          ExpressionAttributeValues: { ':pk': pk, ...(options.meterId ? { ':meterId': options.meterId } : {}) },
          ...(options.meterId ? { FilterExpression: 'meterId = :meterId' } : {}),
          ScanIndexForward: false,
          Limit: options.limit,
          ExclusiveStartKey: decodeCursor(
            options.cursor,
            byBuilding ? { equals: { GSI1PK: pk, PK: keys.auditPartition }, prefixes: { GSI1SK: '', SK: '' } } : { equals: { PK: pk }, prefixes: { SK: '' } },
          ),
        }),
      );
      return { items: (out.Items ?? []).map((item) => StoredAudit.parse(item)), next: encodeCursor(out.LastEvaluatedKey) };
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
