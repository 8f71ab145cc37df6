import { PutCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { TableRef } from './client';
import { GSI1, keys } from './keys';

export const OrderStatus = z.enum(['pending', 'paid', 'closed', 'failed']);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const RechargeOrder = z.object({
  outTradeNo: z.string(),
  meterId: z.string(),
  openid: z.string(),
  amountFen: z.number().int().positive(),
  status: OrderStatus,
  createdAt: z.string(),
  expiresAt: z.string(),
  prepayId: z.string(),
  transactionId: z.string().optional(),
  paidAt: z.string().optional(),
  entryId: z.string().optional(),
  note: z.string().optional(),
});
export type RechargeOrder = z.infer<typeof RechargeOrder>;

/** WeChat Pay recharge orders; pending ones are indexed by age for the settle-or-close sweep. */
export function createOrderRepository(table: TableRef) {
  const T = table.tableName;
  return {
    async create(order: RechargeOrder): Promise<void> {
      await table.doc.send(
        new PutCommand({
          TableName: T,
          Item: { ...keys.order(order.outTradeNo), ...keys.pendingOrderIndex(order.createdAt), entity: 'order', ...order },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    },

    async get(outTradeNo: string): Promise<RechargeOrder | null> {
      const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: keys.order(outTradeNo), ConsistentRead: true }));
      return Item ? RechargeOrder.parse(Item) : null;
    },

    /** Leaves `pending` for good (paid, closed, failed); a second caller finds it already moved and changes nothing. */
    async finish(outTradeNo: string, status: Exclude<OrderStatus, 'pending'>, fields: Partial<Pick<RechargeOrder, 'transactionId' | 'paidAt' | 'entryId' | 'note'>>): Promise<boolean> {
      const names = Object.keys(fields) as (keyof typeof fields)[];
      try {
        await table.doc.send(
          new UpdateCommand({
            TableName: T,
            Key: keys.order(outTradeNo),
            UpdateExpression: `SET #status = :status${names.map((name) => `, ${name} = :${name}`).join('')} REMOVE GSI1PK, GSI1SK`,
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':status': status, ':pending': 'pending', ...Object.fromEntries(names.map((name) => [`:${name}`, fields[name]])) },
          }),
        );
        return true;
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },

    /** Pending orders created before `beforeIso`, oldest first. */
    async pendingBefore(beforeIso: string, limit: number): Promise<RechargeOrder[]> {
      const out = await table.doc.send(
        new QueryCommand({
          TableName: T,
          IndexName: GSI1,
          KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK < :before',
          ExpressionAttributeValues: { ':pk': 'ORDERS#PENDING', ':before': beforeIso },
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map((item) => RechargeOrder.parse(item));
    },
  };
}

export type OrderRepository = ReturnType<typeof createOrderRepository>;
