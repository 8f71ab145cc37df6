import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { TableRef } from './client';
import { GSI1, keys } from './keys';

export const RefundPart = z.object({
  outRefundNo: z.string(),
  outTradeNo: z.string(),
  paidAt: z.string(),
  fen: z.number().int().positive(),
  status: z.enum(['requested', 'processing', 'succeeded', 'failed']),
  refundId: z.string().optional(),
});
export type RefundPart = z.infer<typeof RefundPart>;

export const RefundRequest = z.object({
  id: z.string(),
  meterId: z.string(),
  requestedBy: z.string(),
  amountFen: z.number().int().positive(),
  reason: z.string(),
  status: z.enum(['pending', 'rejected', 'refunding', 'refunded', 'failed']),
  createdAt: z.string(),
  decidedAt: z.string().optional(),
  decidedBy: z.string().optional(),
  decisionNote: z.string().optional(),
  method: z.enum(['wechat', 'cash']).optional(),
  entryId: z.string().optional(),
  parts: z.array(RefundPart).default([]),
});
export type RefundRequest = z.infer<typeof RefundRequest>;

const PartItem = RefundPart.extend({ requestId: z.string() });

/** Refund requests (one item each, pending ones indexed by age) and pointers from WeChat refund numbers to them. */
export function createRefundRepository(table: TableRef) {
  const T = table.tableName;
  return {
    key: (id: string) => ({ PK: `REFUNDREQ#${id}`, SK: 'REFUNDREQ' }),

    /** The item to write as the guard of the wallet operation that opens the request. */
    newItem(request: RefundRequest): Record<string, unknown> {
      return { ...keys.pendingRefundIndex(request.createdAt), entity: 'refundRequest', ...request };
    },

    /** The conditional update that closes a pending request (rides in the wallet transaction). */
    decision(id: string, fields: Pick<RefundRequest, 'status' | 'decidedAt' | 'decidedBy'> & Partial<Pick<RefundRequest, 'decisionNote' | 'method' | 'entryId'>>) {
      const names = Object.keys(fields) as (keyof typeof fields)[];
      return {
        Key: { PK: `REFUNDREQ#${id}`, SK: 'REFUNDREQ' },
        UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(', ')} REMOVE GSI1PK, GSI1SK`,
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
        ExpressionAttributeValues: { ...Object.fromEntries(names.map((name) => [`:${name}`, fields[name]])), ':pending': 'pending' },
      };
    },

    async get(id: string): Promise<RefundRequest | null> {
      const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: { PK: `REFUNDREQ#${id}`, SK: 'REFUNDREQ' }, ConsistentRead: true }));
      return Item ? RefundRequest.parse(Item) : null;
    },

    async pending(limit: number): Promise<RefundRequest[]> {
      const out = await table.doc.send(
        new QueryCommand({ TableName: T, IndexName: GSI1, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': 'REFUNDS#PENDING' }, Limit: limit }),
      );
      return (out.Items ?? []).map((item) => RefundRequest.parse(item));
    },

    /** The guard that makes a decision on request `id` happen once. */
    decisionGuard: (id: string) => ({ key: keys.idempotency(`refund-decision:${id}`), item: { entity: 'idempotency' } }),

    /** Writes (or overwrites) each WeChat refund part of a request: one item per refund number, so notifications never race on a list. */
    async putParts(requestId: string, parts: readonly RefundPart[]): Promise<void> {
      for (const part of parts) {
        await table.doc.send(new PutCommand({ TableName: T, Item: { ...keys.refundPart(part.outRefundNo), entity: 'refundPart', requestId, ...part } }));
      }
    },

    async part(outRefundNo: string): Promise<(RefundPart & { requestId: string }) | null> {
      const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: keys.refundPart(outRefundNo), ConsistentRead: true }));
      return Item ? PartItem.parse(Item) : null;
    },

    /** Moves a part on only from a non-final state; false when it was already final (a duplicate notification). */
    async finishPart(outRefundNo: string, status: 'succeeded' | 'failed', refundId?: string): Promise<boolean> {
      try {
        await table.doc.send(
          new UpdateCommand({
            TableName: T,
            Key: keys.refundPart(outRefundNo),
            UpdateExpression: refundId ? 'SET #status = :status, refundId = :refundId' : 'SET #status = :status',
            ConditionExpression: '#status IN (:requested, :processing)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':status': status, ':requested': 'requested', ':processing': 'processing', ...(refundId ? { ':refundId': refundId } : {}) },
          }),
        );
        return true;
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },

    /** Records the parts' numbers and the request's overall state (derived from the part items by the caller). */
    async setProgress(id: string, status: RefundRequest['status'], parts: readonly RefundPart[]): Promise<void> {
      await table.doc.send(
        new UpdateCommand({
          TableName: T,
          Key: { PK: `REFUNDREQ#${id}`, SK: 'REFUNDREQ' },
          UpdateExpression: 'SET parts = :parts, #status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':parts': parts, ':status': status },
        }),
      );
    },
  };
}

export type RefundRepository = ReturnType<typeof createRefundRepository>;
