import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { TableRef } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import { GSI1, keys } from './keys';
import { BUMP_SUPPLY_REVISION, BUMP_SUPPLY_REVISION_VALUES } from './meter-supply';

export const CommandAction = z.enum(['cut', 'restore', 'keep_on', 'keep_off', 'purchase', 'set_params']);
export type CommandAction = z.infer<typeof CommandAction>;
export const CommandStatus = z.enum(['queued', 'sent', 'delivered', 'succeeded', 'failed', 'expired']);
export type CommandStatus = z.infer<typeof CommandStatus>;
const ACTIVE: readonly CommandStatus[] = ['queued', 'sent', 'delivered'];

export const StoredCommand = z.object({
  id: z.string(),
  meterId: z.string(),
  action: CommandAction,
  status: CommandStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
  /** `system:balance`, `user:<openid>`, `key:<id>`: who asked for it. */
  requestedBy: z.string(),
  reason: z.string(),
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: z.string(),
  expiresAt: z.string(),
  platformTaskId: z.string().optional(),
  detail: z.string().optional(),
  /** A meter-side meter's purchase: its number and what it carries. */
  purchase: z.object({ count: z.number().int().positive(), amountFen: z.number().int().positive() }).optional(),
  /** Remote parameters set on a meter-side meter (see shared `MeterParameters`). */
  params: z.record(z.string(), z.unknown()).optional(),
  history: z.array(z.object({ status: CommandStatus, at: z.string(), detail: z.string().optional() })),
});
export type StoredCommand = z.infer<typeof StoredCommand>;

const isSupply = (action: CommandAction) => action === 'cut' || action === 'restore';
const commandKey = (command: Pick<StoredCommand, 'meterId' | 'createdAt' | 'id'>) => keys.command(command.meterId, command.createdAt, command.id);

/**
 * Remote commands and their lifecycle (queued → sent → delivered →
 * succeeded | failed | expired). A meter holds at most one pending supply
 * command: the meter item's `pendingSupply` is claimed in the same transaction
 * that queues it, so two concurrent `cut`s queue one.
 */
export function createCommandRepository(table: TableRef) {
  const T = table.tableName;

  return {
    /**
     * Queues `command`. A cut/restore claims the meter's one pending slot, and
     * only if the supply facts are still those it was decided on (`basis`):
     * null, writing nothing, when they moved on. A pending opposite action is
     * superseded (failed) in the same transaction.
     */
    enqueue: (command: StoredCommand, options: { superseding?: StoredCommand; basis?: SupplyBasis } = {}) => enqueueCommand(table, command, options),

    transition: (command: StoredCommand, status: CommandStatus, at: string, fields?: Parameters<typeof transitionCommand>[4]) =>
      transitionCommand(table, command, status, at, fields),

    /** A new command as an item to put in another transaction (a push's), due at once. */
    item: (command: StoredCommand): Record<string, unknown> => ({ ...commandKey(command), ...keys.activeCommandIndex(command.nextAttemptAt, command.id), entity: 'command', ...command }),

    /** The update that fails a pending command superseded by a newer one, for another transaction. */
    supersedeUpdate: (superseded: { meterId: string; createdAt: string; id: string }, at: string) => finishUpdateSpec(commandKey(superseded), 'failed', at, 'superseded by a newer command'),

    /** `transition`, or null (writing nothing) when the command is no longer in the status it was read in. */
    async tryTransition(command: StoredCommand, status: CommandStatus, at: string, fields?: Parameters<typeof transitionCommand>[4]): Promise<StoredCommand | null> {
      try {
        return await transitionCommand(table, command, status, at, fields);
      } catch (error) {
        if (error instanceof TransactionCanceledException) return null;
        throw error;
      }
    },

    /**
     * Claims the next attempt at sending `command` before anything is sent:
     * counts it and moves its next attempt on, only if it is still as read
     * (status and attempts) and, for a supply command, still the meter's
     * pending one. Null when another dispatcher claimed it or it was
     * superseded or finished meanwhile: then nothing may be sent.
     */
    claimAttempt: (command: StoredCommand, nextAttemptAt: string) => claimAttempt(table, command, nextAttemptAt),

    async get(meterId: string, createdAt: string, id: string): Promise<StoredCommand | null> {
      const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: keys.command(meterId, createdAt, id), ConsistentRead: true }));
      return Item ? StoredCommand.parse(Item) : null;
    },


    /** The command a platform task id belongs to. */
    async byPlatformTask(taskId: string): Promise<StoredCommand | null> {
      const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: keys.platformTask(platformOf(taskId), taskId) }));
      if (!Item) return null;
      const pointer = z.object({ meterId: z.string(), createdAt: z.string(), commandId: z.string() }).parse(Item);
      return this.get(pointer.meterId, pointer.createdAt, pointer.commandId);
    },

    /** Active commands whose next attempt is due at `nowIso`, oldest first. */
    async due(nowIso: string, limit: number): Promise<StoredCommand[]> {
      const out = await table.doc.send(
        new QueryCommand({
          TableName: T,
          IndexName: GSI1,
          KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK <= :now',
          ExpressionAttributeValues: { ':pk': 'COMMANDS#ACTIVE', ':now': `${nowIso}#~` },
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map((item) => StoredCommand.parse(item));
    },

    /** A meter's commands, newest first. */
    async list(meterId: string, options: { limit: number; cursor?: string; consistent?: boolean }): Promise<{ items: StoredCommand[]; next: string | null }> {
      const PK = keys.meterPartition(meterId);
      const out = await table.doc.send(
        new QueryCommand({
          TableName: T,
          ...(options.consistent ? { ConsistentRead: true } : {}),
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
          ExpressionAttributeValues: { ':pk': PK, ':sk': keys.commandPrefix },
          ScanIndexForward: false,
          Limit: options.limit,
          ExclusiveStartKey: decodeCursor(options.cursor, { equals: { PK }, prefixes: { SK: keys.commandPrefix } }),
        }),
      );
      return { items: (out.Items ?? []).map((item) => StoredCommand.parse(item)), next: encodeCursor(out.LastEvaluatedKey) };
    },

    /** Records what the meter reports about its supply (a valve state, a relay answer). */
    async setReportedSupply(meterId: string, supply: 'on' | 'off'): Promise<void> {
      await table.doc.send(
        new UpdateCommand({
          TableName: T,
          Key: keys.meterKey(meterId),
          UpdateExpression: `SET #supply = :supply, ${BUMP_SUPPLY_REVISION}`,
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: { '#supply': 'supply' },
          ExpressionAttributeValues: { ':supply': supply, ...BUMP_SUPPLY_REVISION_VALUES },
        }),
      );
    },
  };
}

/**
 * The facts a supply command was decided on: the meter's supply revision and
 * the sign of its balance. The queueing transaction checks both, so a
 * decision made on a balance or a meter that changed meanwhile writes nothing.
 */
export interface SupplyBasis {
  readonly supplyRevision: number;
  readonly balancePositive: boolean;
}

async function enqueueCommand(table: TableRef, command: StoredCommand, options: { superseding?: StoredCommand; basis?: SupplyBasis }): Promise<StoredCommand | null> {
  const T = table.tableName;
  const { superseding, basis } = options;
  const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
    { Put: { TableName: T, Item: { ...commandKey(command), ...keys.activeCommandIndex(command.nextAttemptAt, command.id), entity: 'command', ...command }, ConditionExpression: 'attribute_not_exists(PK)' } },
  ];
  if (isSupply(command.action)) {
    const pendingCondition = superseding ? 'pendingSupply.commandId = :superseded' : '(attribute_not_exists(pendingSupply) OR pendingSupply = :none)';
    // Revision 0 is also a meter written before revisions existed (no attribute at all).
    const revisionCondition = basis ? (basis.supplyRevision === 0 ? ' AND (attribute_not_exists(supplyRevision) OR supplyRevision = :revision)' : ' AND supplyRevision = :revision') : '';
    items.push({
      Update: {
        TableName: T,
        Key: keys.meterKey(command.meterId),
        UpdateExpression: `SET pendingSupply = :pending, ${BUMP_SUPPLY_REVISION}`,
        ConditionExpression: `attribute_exists(PK) AND ${pendingCondition}${revisionCondition}`,
        ExpressionAttributeValues: {
          ':pending': { commandId: command.id, action: command.action, createdAt: command.createdAt },
          ...BUMP_SUPPLY_REVISION_VALUES,
          ...(superseding ? { ':superseded': superseding.id } : { ':none': null }),
          ...(basis ? { ':revision': basis.supplyRevision } : {}),
        },
      },
    });
    if (basis) {
      items.push({
        ConditionCheck: {
          TableName: T,
          Key: keys.wallet(command.meterId),
          ConditionExpression: basis.balancePositive ? 'balanceFen > :zero' : 'balanceFen <= :zero',
          ExpressionAttributeValues: { ':zero': 0 },
        },
      });
    }
  }
  if (superseding) items.push({ Update: finishUpdate(T, commandKey(superseding), 'failed', command.createdAt, 'superseded by a newer command') });
  try {
    await table.doc.send(new TransactWriteCommand({ TransactItems: items }));
    return command;
  } catch (error) {
    if (error instanceof TransactionCanceledException) return null;
    throw error;
  }
}

async function claimAttempt(table: TableRef, command: StoredCommand, nextAttemptAt: string): Promise<StoredCommand | null> {
  const T = table.tableName;
  const claimed: StoredCommand = { ...command, attempts: command.attempts + 1, nextAttemptAt };
  const index = keys.activeCommandIndex(nextAttemptAt, command.id);
  const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
    {
      Update: {
        TableName: T,
        Key: commandKey(command),
        UpdateExpression: 'SET attempts = :attempts, nextAttemptAt = :next, GSI1SK = :gsi1sk',
        ConditionExpression: '#status = :was AND attempts = :seen',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':attempts': claimed.attempts, ':next': nextAttemptAt, ':gsi1sk': index.GSI1SK, ':was': command.status, ':seen': command.attempts },
      },
    },
  ];
  if (isSupply(command.action)) {
    items.push({ ConditionCheck: { TableName: T, Key: keys.meterKey(command.meterId), ConditionExpression: 'pendingSupply.commandId = :id', ExpressionAttributeValues: { ':id': command.id } } });
  }
  try {
    await table.doc.send(new TransactWriteCommand({ TransactItems: items }));
    return claimed;
  } catch (error) {
    if (error instanceof TransactionCanceledException) return null;
    throw error;
  }
}

/** Moves a command on; terminal states release the meter's pending supply slot (and set its supply on success). */
async function transitionCommand(
  table: TableRef,
  command: StoredCommand,
  status: CommandStatus,
  at: string,
  fields: { detail?: string; nextAttemptAt?: string; platformTaskId?: string; attempts?: number } = {},
): Promise<StoredCommand> {
  const T = table.tableName;
  const next: StoredCommand = {
    ...command,
    ...fields,
    status,
    updatedAt: at,
    history: [...command.history, { status, at, ...(fields.detail ? { detail: fields.detail } : {}) }],
  };
  const active = ACTIVE.includes(status);
  const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
    {
      Put: {
        TableName: T,
        Item: { ...commandKey(next), ...(active ? keys.activeCommandIndex(next.nextAttemptAt, next.id) : {}), entity: 'command', ...next },
        ConditionExpression: '#status = :was',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':was': command.status },
      },
    },
  ];
  if (fields.platformTaskId) {
    items.push({ Put: { TableName: T, Item: { ...keys.platformTask(platformOf(fields.platformTaskId), fields.platformTaskId), entity: 'task', meterId: next.meterId, createdAt: next.createdAt, commandId: next.id } } });
  }
  if (!active && isSupply(command.action)) {
    items.push({
      Update: {
        TableName: T,
        Key: keys.meterKey(command.meterId),
        // A success sets the supply and ends a run of failures; a failure or expiry lengthens it.
        UpdateExpression:
          status === 'succeeded'
            ? `SET pendingSupply = :none, #supply = :supply, supplyFailures = :zeroFailures, ${BUMP_SUPPLY_REVISION}`
            : `SET pendingSupply = :none, lastSupplyFailureAt = :at, supplyFailures = if_not_exists(supplyFailures, :zeroFailures) + :oneFailure, ${BUMP_SUPPLY_REVISION}`,
        ...(status === 'succeeded' ? { ExpressionAttributeNames: { '#supply': 'supply' } } : {}),
        ConditionExpression: 'pendingSupply.commandId = :id',
        ExpressionAttributeValues: {
          ':none': null,
          ':id': command.id,
          ':zeroFailures': 0,
          ...BUMP_SUPPLY_REVISION_VALUES,
          ...(status === 'succeeded' ? { ':supply': command.action === 'cut' ? 'off' : 'on' } : { ':at': at, ':oneFailure': 1 }),
        },
      },
    });
  }
  await table.doc.send(new TransactWriteCommand({ TransactItems: items }));
  return next;
}

/** Platform task ids are stored as `<platform>:<id>` so one lookup key serves every platform. */
const platformOf = (taskId: string): string => taskId.split(':', 1)[0] ?? 'unknown';

function finishUpdate(T: string, key: { PK: string; SK: string }, status: CommandStatus, at: string, detail: string) {
  return { TableName: T, ...finishUpdateSpec(key, status, at, detail) };
}

function finishUpdateSpec(key: { PK: string; SK: string }, status: CommandStatus, at: string, detail: string) {
  return {
    Key: key,
    UpdateExpression: 'SET #status = :status, updatedAt = :at, history = list_append(history, :entry), detail = :detail REMOVE GSI1PK, GSI1SK',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':status': status, ':at': at, ':entry': [{ status, at, detail }], ':detail': detail },
  };
}

export type CommandRepository = ReturnType<typeof createCommandRepository>;
