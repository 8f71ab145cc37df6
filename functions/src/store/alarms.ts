import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AppError } from '@prepaid/shared';
import * as z from 'zod';
import type { TableRef } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import { GSI1, keys } from './keys';
import { meterRange } from './meter-range';
import type { ItemUpdate } from './wallets';

export const StoredAlarm = z.object({
  /** The meter it is about; for a gateway's own alarm, the gateway's subject (`gatewaySubject`), never a meter id. */
  meterId: z.string(),
  /** A gateway's alarm: the gateway, and its building (a gateway is no meter to look the building up by). */
  gatewayId: z.string().optional(),
  buildingId: z.string().optional(),
  kind: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  message: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  raisedAt: z.string(),
  status: z.enum(['open', 'acknowledged', 'cleared']),
  /** How many times it was raised while open: repeats of one kind on one meter are one alarm, not many. */
  count: z.number().int().positive().default(1),
  /** When it was last raised (`raisedAt` is the first time); its details are the last ones. */
  lastSeenAt: z.string().optional(),
  closedAt: z.string().optional(),
  closedBy: z.string().optional(),
  note: z.string().optional(),
});
export type StoredAlarm = z.infer<typeof StoredAlarm>;

export type NewAlarm = Pick<StoredAlarm, 'meterId' | 'kind' | 'severity' | 'message' | 'details' | 'raisedAt'> & Partial<Pick<StoredAlarm, 'gatewayId' | 'buildingId'>>;

/** Where a gateway's own alarms are kept: `~` is in no meter id, so no meter's alarms share it. */
export const gatewaySubject = (gatewayId: string): string => `gw~${gatewayId}`;

/**
 * Alarms: at most one open alarm per meter and kind (the open item's key is
 * the pair; a repeat merges into it); closing one moves it to the meter's
 * history in the same transaction.
 */
export function createAlarmRepository(table: TableRef) {
  const T = table.tableName;
  return {
    /** Raises the alarm, or merges a repeat into the open one of its kind (count, last seen, last details); true when newly opened. */
    raise: (alarm: NewAlarm) => raiseAlarm(table, alarm),

    /** The same raise-or-merge as an update that rides in another transaction (a push's). */
    raiseUpdate: (alarm: NewAlarm): ItemUpdate => raiseSpec(alarm),

    /** What clearing an open alarm writes, for another transaction: delete the open item (still that alarm), put it in the history. */
    clearOps(alarm: StoredAlarm, at: string, id: string): { remove: { Key: { PK: string; SK: string }; ConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> }; put: Record<string, unknown> } {
      const closed: StoredAlarm = { ...alarm, status: 'cleared', closedAt: at, closedBy: 'system' };
      return {
        remove: { Key: keys.openAlarm(alarm.meterId, alarm.kind), ConditionExpression: 'raisedAt = :raisedAt', ExpressionAttributeValues: { ':raisedAt': alarm.raisedAt } },
        put: { ...keys.closedAlarm(alarm.meterId, alarm.raisedAt, alarm.kind, id), ...keys.closedAlarmIndex('cleared', at, alarm.meterId, alarm.kind), entity: 'alarm', ...closed },
      };
    },

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
              { Put: { TableName: T, Item: { ...keys.closedAlarm(meterId, alarm.raisedAt, kind), ...keys.closedAlarmIndex(how.status, how.at, meterId, kind), entity: 'alarm', ...closed } } },
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

    /** A meter's closed alarms (acknowledged or cleared), newest raised first. */
    history: (meterId: string, options: { limit: number; cursor?: string }) => alarmHistory(table, meterId, options),

    /** A meter's closed alarms raised from `fromIso` to `toIso` (exclusive), oldest first, as they are read. */
    async *closedRaisedBetween(meterId: string, fromIso: string, toIso: string): AsyncGenerator<StoredAlarm> {
      for await (const item of meterRange(table, meterId, { low: `ALARM#CLOSED#${fromIso}`, high: `ALARM#CLOSED#${toIso}` })) yield StoredAlarm.parse(item);
    },

    /** Open alarms of every meter, newest raised first. */
    listOpen: (options: { limit: number; cursor?: string; kind?: string }) => listInbox(table, 'open', options),

    /**
     * Alarms of every meter in one status: open (newest raised first), or
     * acknowledged or cleared (newest closed first); of one kind when given
     * (a filter: a page can come out shorter, `next` goes on).
     */
    list: (status: StoredAlarm['status'], options: { limit: number; cursor?: string; kind?: string }) => listInbox(table, status, options),
  };
}

async function listInbox(table: TableRef, status: StoredAlarm['status'], options: { limit: number; cursor?: string; kind?: string }): Promise<{ items: StoredAlarm[]; next: string | null }> {
  const pk = `ALARMS#${status.toUpperCase()}`;
  const out = await table.doc.send(
    new QueryCommand({
      TableName: table.tableName,
      IndexName: GSI1,
      KeyConditionExpression: 'GSI1PK = :pk',
      ...(options.kind ? { FilterExpression: 'kind = :kind' } : {}),
      ExpressionAttributeValues: { ':pk': pk, ...(options.kind ? { ':kind': options.kind } : {}) },
      ScanIndexForward: false,
      Limit: options.limit,
      ExclusiveStartKey: decodeCursor(options.cursor, { equals: { GSI1PK: pk }, prefixes: { GSI1SK: '', PK: 'METER#', SK: status === 'open' ? keys.openAlarmPrefix : 'ALARM#CLOSED#' } }),
    }),
  );
  return { items: (out.Items ?? []).map((item) => StoredAlarm.parse(item)), next: encodeCursor(out.LastEvaluatedKey) };
}

/** A meter's closed alarms, newest raised first. */
async function alarmHistory(table: TableRef, meterId: string, options: { limit: number; cursor?: string }): Promise<{ items: StoredAlarm[]; next: string | null }> {
  const PK = keys.meterPartition(meterId);
  const out = await table.doc.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
      ExpressionAttributeValues: { ':pk': PK, ':sk': 'ALARM#CLOSED#' },
      ScanIndexForward: false,
      Limit: options.limit,
      ExclusiveStartKey: decodeCursor(options.cursor, { equals: { PK }, prefixes: { SK: 'ALARM#CLOSED#' } }),
    }),
  );
  return { items: (out.Items ?? []).map((item) => StoredAlarm.parse(item)), next: encodeCursor(out.LastEvaluatedKey) };
}

/**
 * Raises the alarm, or merges it into the open one of that kind on that
 * meter: the count goes up, `lastSeenAt` and the details, message and
 * severity become the latest, `raisedAt` stays the first. One UpdateItem,
 * so concurrent raises count each one. True when it opened a new alarm.
 */
async function raiseAlarm(table: TableRef, alarm: NewAlarm): Promise<boolean> {
  const out = await table.doc.send(new UpdateCommand({ TableName: table.tableName, ...raiseSpec(alarm), ReturnValues: 'ALL_OLD' }));
  return out.Attributes === undefined;
}

function raiseSpec(alarm: NewAlarm): ItemUpdate {
  const index = keys.openAlarmIndex(alarm.raisedAt, alarm.meterId, alarm.kind);
  return {
    Key: keys.openAlarm(alarm.meterId, alarm.kind),
    UpdateExpression:
      'SET entity = :entity, meterId = :meterId, kind = :kind, #status = :open, severity = :severity, message = :message, details = :details, lastSeenAt = :at, ' +
      'raisedAt = if_not_exists(raisedAt, :at), GSI1PK = if_not_exists(GSI1PK, :gsi1pk), GSI1SK = if_not_exists(GSI1SK, :gsi1sk), #count = if_not_exists(#count, :zero) + :one' +
      (alarm.gatewayId ? ', gatewayId = :gatewayId, buildingId = :buildingId' : ''),
    ExpressionAttributeNames: { '#status': 'status', '#count': 'count' },
    ExpressionAttributeValues: {
      ':entity': 'alarm', ':meterId': alarm.meterId, ':kind': alarm.kind, ':open': 'open', ':severity': alarm.severity, ':message': alarm.message,
      ':details': alarm.details, ':at': alarm.raisedAt, ':gsi1pk': index.GSI1PK, ':gsi1sk': index.GSI1SK, ':zero': 0, ':one': 1,
      ...(alarm.gatewayId ? { ':gatewayId': alarm.gatewayId, ':buildingId': alarm.buildingId ?? null } : {}),
    },
  };
}

/** What an acknowledgement of an event alarm remembers: its evidence, written with the close. */
function evidenceItem(tableName: string, meterId: string, kind: string, evidence: string | null) {
  if (evidence === null) return [];
  return [{ Put: { TableName: tableName, Item: { PK: keys.meterPartition(meterId), SK: `ALARM#ACK#${kind}`, entity: 'alarmAck', evidence } } }];
}

export type AlarmRepository = ReturnType<typeof createAlarmRepository>;
