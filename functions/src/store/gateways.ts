import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { queryAll } from './batch';
import type { TableRef } from './client';
import { GSI1, keys } from './keys';

export const StoredGateway = z.object({
  id: z.string(),
  name: z.string(),
  buildingId: z.string(),
  kind: z.enum(['rs485', 'lora']),
  silentAfterMinutes: z.number().int().positive(),
  /** The signing secret, sealed like an API key's (HMAC needs the secret itself). */
  sealedSecret: z.string(),
  fingerprint: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  online: z.boolean(),
  lastSeenAt: z.string().nullable(),
});
export type StoredGateway = z.infer<typeof StoredGateway>;

/** What became of a batch, kept with its claim so a batch sent again is answered the same. */
export const BatchClaim = z.object({
  status: z.enum(['processing', 'done']),
  claimedAt: z.string(),
  outcome: z.string().optional(),
});
export type BatchClaim = z.infer<typeof BatchClaim>;

export const OutboxCommand = z.object({
  gatewayId: z.string(),
  meterId: z.string(),
  address: z.string(),
  action: z.string(),
  commandId: z.string(),
  /** When its command was created (absent on entries written before it was kept). */
  createdAt: z.string().optional(),
  frame: z.string(),
  purchase: z.object({ count: z.number().int(), amountFen: z.number().int() }).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  expiresAt: z.string(),
});
export type OutboxCommand = z.infer<typeof OutboxCommand>;

/** A batch is remembered for 30 days: a gateway's store-and-forward replays come sooner. */
const BATCH_MEMORY_S = 30 * 86_400;

/**
 * Gateways and data-transfer units, and the claims that take each of their
 * batches once. A gateway is written once and then only heard from.
 */
export function createGatewayRepository(table: TableRef) {
  const T = table.tableName;
  return {
    async create(gateway: StoredGateway): Promise<boolean> {
      try {
        await table.doc.send(new PutCommand({ TableName: T, Item: { ...keys.gateway(gateway.id), ...keys.gatewayIndex(gateway.id), entity: 'gateway', ...gateway }, ConditionExpression: 'attribute_not_exists(PK)' }));
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    async get(gatewayId: string): Promise<StoredGateway | null> {
      const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: keys.gateway(gatewayId) }));
      return Item ? StoredGateway.parse(Item) : null;
    },

    /** Every gateway (an estate has tens, not thousands). */
    async list(): Promise<StoredGateway[]> {
      const items = await queryAll(table, { IndexName: GSI1, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': keys.gatewayIndex('').GSI1PK } });
      return items.map((item) => StoredGateway.parse(item));
    },

    /** Heard from at `at`: online. True when it was offline before (its alarm can clear). Never moves `lastSeenAt` back. */
    async heardFrom(gatewayId: string, at: string): Promise<boolean> {
      const out = await table.doc.send(
        new UpdateCommand({
          TableName: T,
          Key: keys.gateway(gatewayId),
          UpdateExpression: 'SET #online = :true, lastSeenAt = :at',
          ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(lastSeenAt) OR lastSeenAt = :null OR lastSeenAt < :at)',
          ExpressionAttributeNames: { '#online': 'online' },
          ExpressionAttributeValues: { ':true': true, ':at': at, ':null': null },
          ReturnValues: 'ALL_OLD',
        }),
      ).catch((error: unknown) => {
        if (error instanceof ConditionalCheckFailedException) return { Attributes: { online: true } };
        throw error;
      });
      return out.Attributes?.['online'] === false;
    },

    /** Marks it offline, once: true for the call that did (and raises its alarm). */
    async wentSilent(gatewayId: string, lastSeenAt: string | null): Promise<boolean> {
      try {
        await table.doc.send(
          new UpdateCommand({
            TableName: T,
            Key: keys.gateway(gatewayId),
            UpdateExpression: 'SET #online = :false',
            // Only if nothing was heard since the sweep read it.
            ConditionExpression: '#online = :true AND lastSeenAt = :seen',
            ExpressionAttributeNames: { '#online': 'online' },
            ExpressionAttributeValues: { ':false': false, ':true': true, ':seen': lastSeenAt },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    /**
     * Claims a batch for processing: the claim when this call took it, else
     * the claim that stands (done, or being processed since `claimedAt`). A
     * claim left processing longer than `staleAfterMs` (a crashed run) is taken over.
     */
    async claimBatch(gatewayId: string, batchId: string, at: string, staleAfterMs: number): Promise<{ taken: true } | { taken: false; claim: BatchClaim }> {
      const key = keys.gatewayBatch(gatewayId, batchId);
      const staleBefore = new Date(Date.parse(at) - staleAfterMs).toISOString();
      try {
        await table.doc.send(
          new PutCommand({
            TableName: T,
            Item: { ...key, entity: 'gateway-batch', status: 'processing', claimedAt: at, expiresAtEpochS: Math.floor(Date.parse(at) / 1000) + BATCH_MEMORY_S },
            ConditionExpression: 'attribute_not_exists(PK) OR (#status = :processing AND claimedAt < :stale)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':processing': 'processing', ':stale': staleBefore },
          }),
        );
        return { taken: true };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: key, ConsistentRead: true }));
        return { taken: false, claim: BatchClaim.parse(Item ?? { status: 'processing', claimedAt: at }) };
      }
    },

    /** The batch is done: a copy sent again is answered `outcome`. */
    async finishBatch(gatewayId: string, batchId: string, outcome: string): Promise<void> {
      await table.doc.send(
        new UpdateCommand({
          TableName: T,
          Key: keys.gatewayBatch(gatewayId, batchId),
          UpdateExpression: 'SET #status = :done, outcome = :outcome',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':done': 'done', ':outcome': outcome },
        }),
      );
    },

    /**
     * Puts a command in the gateway's outbox: one supply command and one
     * keep command per meter, a newer one replacing the older (a cut
     * superseded by a restore never reaches the bus after it).
     */
    async put(command: OutboxCommand): Promise<void> {
      // Purchases each keep their own slot (numbered: every one must reach the meter, in order); supply and keep commands replace their predecessor.
      const slot = command.action === 'cut' || command.action === 'restore' ? 'supply' : command.purchase ? `purchase#${String(command.purchase.count).padStart(8, '0')}` : command.params ? 'params' : 'keep';
      await table.doc.send(
        new PutCommand({
          TableName: T,
          Item: { PK: keys.gateway(command.gatewayId).PK, SK: `OUTBOX#${command.meterId}#${slot}`, entity: 'gateway-command', ...command, expiresAtEpochS: Math.ceil(Date.parse(command.expiresAt) / 1000) },
        }),
      );
    },

    /** The commands waiting for the gateway, unexpired at `nowIso`. */
    async outbox(gatewayId: string, nowIso: string): Promise<OutboxCommand[]> {
      const items = await queryAll(table, { KeyConditionExpression: 'PK = :pk AND begins_with(SK, :outbox)', ExpressionAttributeValues: { ':pk': keys.gateway(gatewayId).PK, ':outbox': 'OUTBOX#' } });
      return items.map((item) => OutboxCommand.parse(item)).filter((command) => command.expiresAt > nowIso);
    },

    /** The meter answered the command: out of the outbox (unless a newer command took its place). */
    async takeFromOutbox(gatewayId: string, meterId: string, commandId: string): Promise<void> {
      const items = await queryAll(table, { KeyConditionExpression: 'PK = :pk AND begins_with(SK, :meter)', ExpressionAttributeValues: { ':pk': keys.gateway(gatewayId).PK, ':meter': `OUTBOX#${meterId}#` } });
      for (const slot of items.map((item) => String(item['SK']).slice(`OUTBOX#${meterId}#`.length))) {
        await table.doc
          .send(new DeleteCommand({ TableName: T, Key: { PK: keys.gateway(gatewayId).PK, SK: `OUTBOX#${meterId}#${slot}` }, ConditionExpression: 'commandId = :id', ExpressionAttributeValues: { ':id': commandId } }))
          .catch((error: unknown) => {
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
          });
      }
    },

    /** A run that failed lets go of its batch, so the gateway's retry (or the queue's) processes it at once. */
    async releaseBatch(gatewayId: string, batchId: string, claimedAt: string): Promise<void> {
      await table.doc
        .send(
          new UpdateCommand({
            TableName: T,
            Key: keys.gatewayBatch(gatewayId, batchId),
            UpdateExpression: 'SET claimedAt = :old',
            ConditionExpression: '#status = :processing AND claimedAt = :mine',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':old': '1970-01-01T00:00:00.000Z', ':processing': 'processing', ':mine': claimedAt },
          }),
        )
        .catch((error: unknown) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        });
    },
  };
}

export type GatewayRepository = ReturnType<typeof createGatewayRepository>;
