import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { dueItems } from './batch';
import type { TableRef } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import { GSI1, keys } from './keys';

export const MassActionStatus = z.enum(['awaiting_approval', 'active', 'ended', 'rejected']);
export type MassActionStatus = z.infer<typeof MassActionStatus>;

export const StoredMassAction = z.object({
  id: z.string(),
  buildingId: z.string(),
  action: z.literal('keep_on'),
  reason: z.string(),
  until: z.string(),
  status: MassActionStatus,
  requestedBy: z.string(),
  createdAt: z.string(),
  decidedBy: z.string().optional(),
  decidedAt: z.string().optional(),
  note: z.string().optional(),
  /** The meters it switched to keep-on (those already on keep-on are left alone, and are not switched off at the end). */
  applied: z.array(z.string()).default([]),
  endedAt: z.string().optional(),
});
export type StoredMassAction = z.infer<typeof StoredMassAction>;

/**
 * Building-wide actions that need a second member of staff. Every change of
 * status is a conditional update on the status it leaves, so an approval, a
 * rejection and the end each happen once however many try at once.
 */
export function createMassActionRepository(table: TableRef) {
  const T = table.tableName;
  const move = (id: string, from: MassActionStatus, set: string, values: Record<string, unknown>, extra = '') => moveStatus(table, id, from, set, values, extra);
  return {
    async create(action: StoredMassAction): Promise<void> {
      await table.doc.send(
        new PutCommand({
          TableName: T,
          Item: { ...keys.massAction(action.id), ...keys.massActionIndex(action.buildingId, action.createdAt, action.id), entity: 'mass-action', ...action },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    },

    async get(id: string): Promise<StoredMassAction | null> {
      const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: keys.massAction(id), ConsistentRead: true }));
      return Item ? StoredMassAction.parse(Item) : null;
    },

    /** awaiting_approval → active, by someone other than who asked; due to end at `until`. Null: not awaiting, or the same person. */
    approve: (action: StoredMassAction, by: string, at: string, note?: string) =>
      move(
        action.id,
        'awaiting_approval',
        'SET #status = :active, decidedBy = :by, decidedAt = :at, GSI2PK = :gsi2pk, GSI2SK = :gsi2sk' + (note ? ', note = :note' : ''),
        { ':active': 'active', ':by': by, ':at': at, ':requester': by, ...(note ? { ':note': note } : {}), ...prefixed(keys.due('MASS', action.until, action.id)) },
        ' AND requestedBy <> :requester',
      ),

    /** awaiting_approval → rejected. */
    reject: (id: string, by: string, at: string, note: string) =>
      move(id, 'awaiting_approval', 'SET #status = :rejected, decidedBy = :by, decidedAt = :at, note = :note', { ':rejected': 'rejected', ':by': by, ':at': at, ':note': note }),

    /** Records the meters switched so far (the end switches exactly these back). */
    async recordApplied(id: string, meterIds: readonly string[]): Promise<void> {
      await table.doc.send(new UpdateCommand({ TableName: T, Key: keys.massAction(id), UpdateExpression: 'SET applied = :applied', ExpressionAttributeValues: { ':applied': [...meterIds] } }));
    },

    /** active → ended (the end time came, or a manager ended it early); no longer due. */
    end: (id: string, at: string) => move(id, 'active', 'SET #status = :ended, endedAt = :at REMOVE GSI2PK, GSI2SK', { ':ended': 'ended', ':at': at }),

    /** Active actions whose end time has come, oldest first. */
    async due(nowIso: string, limit: number): Promise<StoredMassAction[]> {
      return (await dueItems(table, 'MASS', nowIso, limit)).map((item) => StoredMassAction.parse(item));
    },

    /** A building's actions, newest first. */
    async list(buildingId: string, options: { limit: number; cursor?: string }): Promise<{ items: StoredMassAction[]; next: string | null }> {
      const pk = `MASS#${buildingId}`;
      const out = await table.doc.send(
        new QueryCommand({
          TableName: T,
          IndexName: GSI1,
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ScanIndexForward: false,
          Limit: options.limit,
          ExclusiveStartKey: decodeCursor(options.cursor, { equals: { GSI1PK: pk, SK: 'MASS' }, prefixes: { GSI1SK: '', PK: 'MASS#' } }),
        }),
      );
      return { items: (out.Items ?? []).map((item) => StoredMassAction.parse(item)), next: encodeCursor(out.LastEvaluatedKey) };
    },
  };
}

/** One change of status, only from the status it leaves: null when the action is not (or no longer) in it. */
async function moveStatus(table: TableRef, id: string, from: MassActionStatus, set: string, values: Record<string, unknown>, extra: string): Promise<StoredMassAction | null> {
  try {
    const out = await table.doc.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.massAction(id),
        UpdateExpression: set,
        ConditionExpression: `#status = :from${extra}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':from': from, ...values },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return StoredMassAction.parse(out.Attributes);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return null;
    throw error;
  }
}

const prefixed = (index: { GSI2PK: string; GSI2SK: string }) => ({ ':gsi2pk': index.GSI2PK, ':gsi2sk': index.GSI2SK });

export type MassActionRepository = ReturnType<typeof createMassActionRepository>;
