import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { dueItems, queryAll } from './batch';
import type { TableRef } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import { GSI1, keys } from './keys';
import { BUMP_SUPPLY_REVISION, BUMP_SUPPLY_REVISION_VALUES } from './meter-supply';

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
  /** When every meter of the building had been gone through (until then the sweep carries the approval on). */
  appliedAt: z.string().optional(),
  endedAt: z.string().optional(),
  /** When every meter it switched had been switched back (until then the sweep carries the end on). */
  releasedAt: z.string().optional(),
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
    ...meterSwitching(table),

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

    /**
     * awaiting_approval → active, by someone other than who asked. Due
     * shortly (`resumeAt`): should the approval stop before every meter is
     * switched, the sweep carries it on. Null: not awaiting, or the same person.
     */
    approve: (action: StoredMassAction, by: string, at: string, resumeAt: string, note?: string) =>
      move(
        action.id,
        'awaiting_approval',
        'SET #status = :active, decidedBy = :by, decidedAt = :at, GSI2PK = :gsi2pk, GSI2SK = :gsi2sk' + (note ? ', note = :note' : ''),
        { ':active': 'active', ':by': by, ':at': at, ':requester': by, ...(note ? { ':note': note } : {}), ...prefixed(keys.due('MASS', resumeAt, action.id)) },
        ' AND requestedBy <> :requester',
      ),

    /** awaiting_approval → rejected. */
    reject: (id: string, by: string, at: string, note: string) =>
      move(id, 'awaiting_approval', 'SET #status = :rejected, decidedBy = :by, decidedAt = :at, note = :note', { ':rejected': 'rejected', ':by': by, ':at': at, ':note': note }),

    /** Every meter gone through: the meters it switched, for the page; due next at its end time. */
    async recordApplied(action: StoredMassAction, meterIds: readonly string[], at: string): Promise<void> {
      await table.doc.send(
        new UpdateCommand({
          TableName: T,
          Key: keys.massAction(action.id),
          UpdateExpression: 'SET applied = :applied, appliedAt = :at, GSI2SK = :gsi2sk',
          // Only while active and still due: an action ended meanwhile keeps the end's schedule.
          ConditionExpression: '#status = :active AND attribute_exists(GSI2PK)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':applied': [...meterIds], ':at': at, ':active': 'active', ':gsi2sk': keys.due('MASS', action.until, action.id).GSI2SK },
        }),
      ).catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
    },

    /** active → ended (the end time came, or a manager ended it early); due shortly, so the sweep carries the switching back on should it stop. */
    end: (id: string, at: string, resumeAt: string) =>
      move(id, 'active', 'SET #status = :ended, endedAt = :at, GSI2SK = :gsi2sk', { ':ended': 'ended', ':at': at, ':gsi2sk': keys.due('MASS', resumeAt, id).GSI2SK }),

    /** Every meter switched back: no longer due. */
    async recordReleased(id: string, at: string): Promise<void> {
      await table.doc.send(new UpdateCommand({ TableName: T, Key: keys.massAction(id), UpdateExpression: 'SET releasedAt = :at REMOVE GSI2PK, GSI2SK', ExpressionAttributeValues: { ':at': at } }));
    },

    /** Actions with work due: an approval or an end to carry on, or an end time come; oldest first. */
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

/** Switching a building's meters for an action, each once, and back. */
function meterSwitching(table: TableRef) {
  const T = table.tableName;
  return {
    /**
     * Puts one meter on keep-on for the action, in one transaction with the
     * record that the action did it, while the action is active: false when
     * the meter was on keep-on already (by hand, or by this action in a run
     * before) — then it is not the action's to switch back — or the action has ended.
     */
    async applyTo(actionId: string, meterId: string, at: string): Promise<boolean> {
      try {
        await table.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Update: switchKeepOn(T, meterId, true) },
              { Put: { TableName: T, Item: { ...keys.massApplied(actionId, meterId), entity: 'mass-applied', meterId, at }, ConditionExpression: 'attribute_not_exists(PK)' } },
              // Only while the action is active: once it has ended, what it switched is being switched back, and nothing more is switched on.
              { ConditionCheck: { TableName: T, Key: keys.massAction(actionId), ConditionExpression: '#status = :active', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':active': 'active' } } },
            ],
          }),
        );
        return true;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        // On keep-on already, or switched by this action before: not this run's to do. (A conflict is tried again by the sweep.)
        if (error.CancellationReasons?.some((reason) => reason.Code === 'ConditionalCheckFailed')) return false;
        throw error;
      }
    },

    /** The meters the action switched, and whether each was switched back. */
    async appliedMeters(actionId: string): Promise<{ meterId: string; released: boolean }[]> {
      const items = await queryAll(table, {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': keys.massAction(actionId).PK, ':sk': keys.massAppliedPrefix },
        ConsistentRead: true,
      });
      return items.map((item) => ({ meterId: String(item.meterId), released: item.releasedAt !== undefined }));
    },

    /**
     * Takes one meter the action switched off keep-on, once, in one
     * transaction with marking it released: false when it was released
     * before, or is no longer on keep-on (someone switched it by hand).
     */
    async releaseFrom(actionId: string, meterId: string, at: string): Promise<boolean> {
      try {
        await table.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Update: { TableName: T, Key: keys.massApplied(actionId, meterId), UpdateExpression: 'SET releasedAt = :at', ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(releasedAt)', ExpressionAttributeValues: { ':at': at } } },
              { Update: switchKeepOn(T, meterId, false) },
            ],
          }),
        );
        return true;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const [applied, meter] = error.CancellationReasons ?? [];
        if (applied?.Code === 'ConditionalCheckFailed') return false; // released before
        if (meter?.Code !== 'ConditionalCheckFailed') throw error; // a conflict: the sweep tries again
        // Switched off keep-on by hand meanwhile: released all the same, nothing to switch.
        await markReleased(table, actionId, meterId, at);
        return false;
      }
    },

  };
}

/** The meter's keep-on switched to `on`, only from the other state (a meter already there is not this switch's). */
function switchKeepOn(tableName: string, meterId: string, on: boolean) {
  return {
    TableName: tableName,
    Key: keys.meterKey(meterId),
    UpdateExpression: `SET keepOn = :to, ${BUMP_SUPPLY_REVISION}`,
    ConditionExpression: on ? 'attribute_exists(PK) AND (attribute_not_exists(keepOn) OR keepOn = :from)' : 'attribute_exists(PK) AND keepOn = :from',
    ExpressionAttributeValues: { ':to': on, ':from': !on, ...BUMP_SUPPLY_REVISION_VALUES },
  };
}

/** Marks a meter the action switched as switched back (once). */
async function markReleased(table: TableRef, actionId: string, meterId: string, at: string): Promise<void> {
  await table.doc
    .send(new UpdateCommand({ TableName: table.tableName, Key: keys.massApplied(actionId, meterId), UpdateExpression: 'SET releasedAt = :at', ConditionExpression: 'attribute_not_exists(releasedAt)', ExpressionAttributeValues: { ':at': at } }))
    .catch((error: unknown) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
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
