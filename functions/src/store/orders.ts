import { PutCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { updateIf } from './conditional';
import * as z from 'zod';
import { dueItems } from './batch';
import type { TableRef } from './client';
import { keys } from './keys';

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
  /** How many times the sweep asked WeChat about it while it stayed pending. */
  checks: z.number().int().nonnegative().default(0),
});
export type RechargeOrder = z.infer<typeof RechargeOrder>;

/**
 * WeChat Pay recharge orders. A pending order sits in the sweep's queue
 * (GSI2, `DUE#ORDERS`) under the time it is next to be asked about: first a
 * few minutes after it was made (a notification may still come), then later
 * and later while it stays pending, so orders that never settle (an amount
 * that does not match, a query that keeps failing) fall behind instead of
 * starving every newer one.
 */
export function createOrderRepository(table: TableRef) {
  const T = table.tableName;
  return {
    /** Stores a new pending order, first due to be asked about at `firstCheckAt`. */
    async create(order: RechargeOrder, firstCheckAt: string): Promise<void> {
      await table.doc.send(
        new PutCommand({
          TableName: T,
          Item: { ...keys.order(order.outTradeNo), ...keys.due('ORDERS', firstCheckAt, order.outTradeNo), entity: 'order', ...order },
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
      return updateIf(table, {
        Key: keys.order(outTradeNo),
        UpdateExpression: `SET #status = :status${names.map((name) => `, ${name} = :${name}`).join('')} REMOVE GSI1PK, GSI1SK, GSI2PK, GSI2SK`,
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':pending': 'pending', ...Object.fromEntries(names.map((name) => [`:${name}`, fields[name]])) },
      });
    },

    /** Pending orders due to be asked about at `nowIso`, the longest overdue first. */
    async due(nowIso: string, limit: number): Promise<RechargeOrder[]> {
      return (await dueItems(table, 'ORDERS', nowIso, limit)).map((item) => RechargeOrder.parse(item));
    },

    /** Moves a still-pending order back in the queue, to `nextCheckAt`, counting the check. */
    async postpone(outTradeNo: string, nextCheckAt: string): Promise<void> {
      const due = keys.due('ORDERS', nextCheckAt, outTradeNo);
      await updateIf(table, {
        Key: keys.order(outTradeNo),
        UpdateExpression: 'SET GSI2PK = :pk, GSI2SK = :sk, checks = if_not_exists(checks, :zero) + :one',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pk': due.GSI2PK, ':sk': due.GSI2SK, ':pending': 'pending', ':zero': 0, ':one': 1 },
      });
    },
  };
}

export type OrderRepository = ReturnType<typeof createOrderRepository>;
