import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { TableRef } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import { GSI1, keys } from './keys';

export const StoredExport = z.object({
  id: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  kind: z.enum(['ledger', 'recharges', 'consumption', 'alarms']),
  format: z.enum(['xlsx', 'csv']),
  from: z.string(),
  to: z.string(),
  buildingId: z.string().nullable(),
  /** The buildings the file covers: the requester's scope when asked (a later change of scope does not widen a running export). */
  buildings: z.array(z.string()),
  requestedBy: z.string(),
  createdAt: z.string(),
  /** When a run began writing (a retry after a crash starts again once this is stale). */
  startedAt: z.string().nullable().default(null),
  finishedAt: z.string().nullable().default(null),
  objectKey: z.string().nullable().default(null),
  fileName: z.string(),
  rows: z.number().int().nonnegative().optional(),
  totalFen: z.number().int().optional(),
  error: z.string().optional(),
});
export type StoredExport = z.infer<typeof StoredExport>;

/** Export jobs: written when asked for, claimed by one run, finished once; kept 30 days (TTL), the file with them. */
export function createExportRepository(table: TableRef) {
  const T = table.tableName;
  return {
    async create(job: StoredExport, expiresAtEpochS: number): Promise<void> {
      await table.doc.send(
        new PutCommand({
          TableName: T,
          Item: { ...keys.exportJob(job.id), ...keys.exportIndex(job.requestedBy, job.createdAt, job.id), entity: 'export', ...job, expiresAtEpochS },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    },

    get: (id: string) => getExport(table, id),

    /** A requester's exports, newest first. */
    async listBy(requestedBy: string, page: { limit: number; cursor?: string }): Promise<{ items: StoredExport[]; next: string | null }> {
      const pk = keys.exportIndex(requestedBy, '', '').GSI1PK;
      const out = await table.doc.send(
        new QueryCommand({
          TableName: T,
          IndexName: GSI1,
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ScanIndexForward: false,
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor, { equals: { GSI1PK: pk }, prefixes: { PK: 'EXPORT#', SK: 'EXPORT', GSI1SK: '' } }),
        }),
      );
      return { items: (out.Items ?? []).map((item) => StoredExport.parse(item)), next: encodeCursor(out.LastEvaluatedKey) };
    },

    /**
     * Claims the writing of a running export: true for one run (the first, or
     * one after a run that began before `staleBefore` and never finished).
     */
    async claim(id: string, at: string, staleBefore: string): Promise<boolean> {
      try {
        await table.doc.send(
          new UpdateCommand({
            TableName: T,
            Key: keys.exportJob(id),
            UpdateExpression: 'SET startedAt = :at',
            ConditionExpression: '#status = :running AND (attribute_not_exists(startedAt) OR startedAt = :null OR startedAt < :stale)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':at': at, ':running': 'running', ':null': null, ':stale': staleBefore },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    /** Records how a run ended, if it is still the run that claimed it (`startedAt`; null: a job no run has claimed). */
    async finish(id: string, startedAt: string | null, outcome: { status: 'done'; objectKey: string; rows: number; totalFen: number; at: string } | { status: 'failed'; error: string; at: string }): Promise<void> {
      const fields: Record<string, unknown> =
        outcome.status === 'done'
          ? { status: 'done', objectKey: outcome.objectKey, rows: outcome.rows, totalFen: outcome.totalFen, finishedAt: outcome.at }
          : { status: 'failed', error: outcome.error.slice(0, 300), finishedAt: outcome.at };
      const names = Object.keys(fields);
      try {
        await table.doc.send(
          new UpdateCommand({
            TableName: T,
            Key: keys.exportJob(id),
            UpdateExpression: `SET ${names.map((name, i) => `#f${i} = :f${i}`).join(', ')}`,
            ConditionExpression: startedAt === null ? '#f0 = :running AND (attribute_not_exists(startedAt) OR startedAt = :startedAt)' : '#f0 = :running AND startedAt = :startedAt',
            ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#f${i}`, name])),
            ExpressionAttributeValues: { ...Object.fromEntries(names.map((name, i) => [`:f${i}`, fields[name]])), ':running': 'running', ':startedAt': startedAt },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error; // another run took over: its outcome stands
      }
    },
  };
}

async function getExport(table: TableRef, id: string): Promise<StoredExport | null> {
  const { Item } = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: keys.exportJob(id), ConsistentRead: true }));
  return Item ? StoredExport.parse(Item) : null;
}

export type ExportRepository = ReturnType<typeof createExportRepository>;
