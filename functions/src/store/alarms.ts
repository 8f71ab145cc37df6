import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { AppError } from '@prepaid/shared';
import { z } from 'zod';
import type { TableRef } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import { GSI1, keys } from './keys';

export const StoredAlarm = z.object({
  meterId: z.string(),
  kind: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  message: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  raisedAt: z.string(),
  status: z.enum(['open', 'acknowledged', 'cleared']),
  closedAt: z.string().optional(),
  closedBy: z.string().optional(),
  note: z.string().optional(),
});
export type StoredAlarm = z.infer<typeof StoredAlarm>;

export type NewAlarm = Pick<StoredAlarm, 'meterId' | 'kind' | 'severity' | 'message' | 'details' | 'raisedAt'>;

/**
 * Alarms: at most one open alarm per meter and kind (the open item's key is
 * the pair, created only if absent); closing one moves it to the meter's
 * history in the same transaction.
 */
export function createAlarmRepository(table: TableRef) {
  const T = table.tableName;
  return {
    /** Raises the alarm unless one of that kind is already open; true when raised. */
    raise: (alarm: NewAlarm) => raiseAlarm(table, alarm),

    /** The evidence of the last acknowledged alarm of an event kind (so the same evidence is not raised again). */
    async acknowledgedEvidence(meterId: string, kind: string): Promise<string | null> {
      const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: { PK: keys.meterPartition(meterId), SK: `ALARM#ACK#${kind}` } }));
      return Item ? z.object({ evidence: z.string() }).parse(Item).evidence : null;
    },

    /** Closes the open alarm of that kind (acknowledged by a person, or cleared by the system). */
    async close(
      meterId: string,
      kind: string,
      how: { status: 'acknowledged' | 'cleared'; at: string; by: string; note?: string; evidence?: (alarm: StoredAlarm) => string | null },
    ): Promise<StoredAlarm> {
      const open = await this.openFor(meterId);
      const alarm = open.find((candidate) => candidate.kind === kind);
      if (!alarm) throw new AppError('alarm.not_found', 404, `No open ${kind} alarm on meter "${meterId}"`);
      const closed: StoredAlarm = { ...alarm, status: how.status, closedAt: how.at, closedBy: how.by, ...(how.note ? { note: how.note } : {}) };
      try {
        await table.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Delete: { TableName: T, Key: keys.openAlarm(meterId, kind), ConditionExpression: 'raisedAt = :raisedAt', ExpressionAttributeValues: { ':raisedAt': alarm.raisedAt } } },
              { Put: { TableName: T, Item: { ...keys.closedAlarm(meterId, alarm.raisedAt, kind), entity: 'alarm', ...closed } } },
              ...evidenceItem(T, meterId, kind, how.evidence?.(alarm) ?? null),
            ],
          }),
        );
      } catch (error) {
        if (error instanceof TransactionCanceledException) throw new AppError('alarm.not_found', 404, 'The alarm was closed meanwhile');
        throw error;
      }
      return closed;
    },

    async openFor(meterId: string): Promise<StoredAlarm[]> {
      const out = await table.doc.send(
        new QueryCommand({
          TableName: T,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
          ExpressionAttributeValues: { ':pk': keys.meterPartition(meterId), ':sk': keys.openAlarmPrefix },
          ConsistentRead: true,
        }),
      );
      return (out.Items ?? []).map((item) => StoredAlarm.parse(item));
    },

    /** Open alarms of every meter, newest first. */
    async listOpen(options: { limit: number; cursor?: string }): Promise<{ items: StoredAlarm[]; next: string | null }> {
      const out = await table.doc.send(
        new QueryCommand({
          TableName: T,
          IndexName: GSI1,
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': 'ALARMS#OPEN' },
          ScanIndexForward: false,
          Limit: options.limit,
          ExclusiveStartKey: decodeCursor(options.cursor, { equals: { GSI1PK: 'ALARMS#OPEN' }, prefixes: { GSI1SK: '', PK: 'METER#', SK: keys.openAlarmPrefix } }),
        }),
      );
      return { items: (out.Items ?? []).map((item) => StoredAlarm.parse(item)), next: encodeCursor(out.LastEvaluatedKey) };
    },
  };
}

/** Raises the alarm unless one of that kind is already open; true when raised. */
async function raiseAlarm(table: TableRef, alarm: NewAlarm): Promise<boolean> {
  const T = table.tableName;
  try {
    await table.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: T,
              Item: {
                ...keys.openAlarm(alarm.meterId, alarm.kind),
                ...keys.openAlarmIndex(alarm.raisedAt, alarm.meterId, alarm.kind),
                entity: 'alarm',
                ...alarm,
                status: 'open',
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException) return false;
    throw error;
  }
}

/** What an acknowledgement of an event alarm remembers: its evidence, written with the close. */
function evidenceItem(tableName: string, meterId: string, kind: string, evidence: string | null) {
  if (evidence === null) return [];
  return [{ Put: { TableName: tableName, Item: { PK: keys.meterPartition(meterId), SK: `ALARM#ACK#${kind}`, entity: 'alarmAck', evidence } } }];
}

export type AlarmRepository = ReturnType<typeof createAlarmRepository>;
