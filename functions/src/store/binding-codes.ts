import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { TableRef } from './client';
import { keys } from './keys';

const CodeItem = z.object({ meterId: z.string(), code: z.string(), issuedAt: z.string() });

/**
 * The opaque codes printed in meters' QR codes (CONTRACT: binding codes). A
 * meter has one current code; its lookup item maps the code back to the
 * meter. Rotating writes the new lookup, deletes the old one and moves the
 * meter's code in one transaction, so the old sticker stops working at once.
 */
export function createBindingCodeRepository(table: TableRef) {
  const T = table.tableName;
  return {
    /** The meter a code belongs to, or null (never issued, or rotated away). */
    async meterOf(code: string): Promise<string | null> {
      const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: keys.bindingCode(code), ConsistentRead: true }));
      return Item ? CodeItem.parse(Item).meterId : null;
    },

    /** The meter's current code, or null before one is issued. */
    async current(meterId: string): Promise<string | null> {
      const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: keys.meterBindingCode(meterId), ConsistentRead: true }));
      return Item ? CodeItem.parse(Item).code : null;
    },

    /**
     * Makes `code` the meter's code if it is still `expected` (null: it has
     * none): false when another issue or rotation got there first (nothing
     * written; read `current` again).
     */
    async replace(meterId: string, expected: string | null, code: string, at: string): Promise<boolean> {
      const item = { meterId, code, issuedAt: at, entity: 'binding-code' };
      try {
        await table.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: T,
                  Item: { ...keys.meterBindingCode(meterId), ...item },
                  ...(expected === null
                    ? { ConditionExpression: 'attribute_not_exists(PK)' }
                    : { ConditionExpression: 'code = :expected', ExpressionAttributeValues: { ':expected': expected } }),
                },
              },
              { Put: { TableName: T, Item: { ...keys.bindingCode(code), ...item }, ConditionExpression: 'attribute_not_exists(PK)' } },
              ...(expected === null ? [] : [{ Delete: { TableName: T, Key: keys.bindingCode(expected) } }]),
            ],
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof TransactionCanceledException) return false;
        throw error;
      }
    },

    /** Counts a failed attempt of a user in the current window; returns the window's count. */
    async countFailure(openid: string, window: number, expiresAtEpochS: number): Promise<number> {
      const out = await table.doc.send(
        new UpdateCommand({
          TableName: T,
          Key: keys.bindingFailures(openid, window),
          UpdateExpression: 'ADD failures :one SET entity = :entity, expiresAtEpochS = :ttl',
          ExpressionAttributeValues: { ':one': 1, ':entity': 'binding-failures', ':ttl': expiresAtEpochS },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(out.Attributes?.failures ?? 0);
    },

    /** A user's failed attempts in a window. */
    async failures(openid: string, window: number): Promise<number> {
      const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: keys.bindingFailures(openid, window) }));
      return Number(Item?.failures ?? 0);
    },
  };
}

export type BindingCodeRepository = ReturnType<typeof createBindingCodeRepository>;
