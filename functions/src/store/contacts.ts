import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NOTIFICATION_KINDS, type NotificationKind } from '@prepaid/shared';
import * as z from 'zod';
import { queryAll } from './batch';
import type { TableRef } from './client';
import { keys } from './keys';

const Subscription = z.object({ kind: z.enum(NOTIFICATION_KINDS), remaining: z.number().int().min(0) });
const Contact = z.object({ phone: z.string() });
const CachedToken = z.object({ token: z.string(), expiresAtMs: z.number() });

/**
 * How a tenant can be reached: their remaining WeChat subscription grants per
 * kind (one accept = one message, counted here because WeChat does not say),
 * their phone for SMS; and the WeChat access token every function shares.
 */
export function createContactRepository(table: TableRef) {
  const T = table.tableName;
  return {
    /** A tenant's remaining grants per kind (0 for a kind never accepted). */
    async subscriptions(openid: string): Promise<Record<NotificationKind, number>> {
      const items = await queryAll(table, {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': keys.user(openid).PK, ':sk': keys.subscriptionPrefix },
      });
      const counts = Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, 0])) as Record<NotificationKind, number>;
      for (const item of items) {
        const parsed = Subscription.safeParse(item);
        if (parsed.success) counts[parsed.data.kind] = parsed.data.remaining;
      }
      return counts;
    },

    /** Adds accepted grants (`wx.requestSubscribeMessage` answered `accept`), up to `cap` in all. */
    async grant(openid: string, kind: NotificationKind, count: number, cap: number): Promise<void> {
      try {
        await table.doc.send(
          new UpdateCommand({
            TableName: T,
            Key: keys.subscription(openid, kind),
            UpdateExpression: 'SET kind = :kind, entity = :entity, remaining = if_not_exists(remaining, :zero) + :count',
            ConditionExpression: 'attribute_not_exists(remaining) OR remaining <= :room',
            ExpressionAttributeValues: { ':kind': kind, ':entity': 'subscription', ':zero': 0, ':count': count, ':room': cap - count },
          }),
        );
      } catch (error) {
        // Already at the cap: WeChat would not keep more either; nothing to add.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    /** Takes one grant for a message; false when none is left. */
    async useGrant(openid: string, kind: NotificationKind): Promise<boolean> {
      try {
        await table.doc.send(
          new UpdateCommand({
            TableName: T,
            Key: keys.subscription(openid, kind),
            UpdateExpression: 'SET remaining = remaining - :one',
            ConditionExpression: 'remaining >= :one',
            ExpressionAttributeValues: { ':one': 1 },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    /** WeChat said the user refused (43101): whatever we counted is gone. */
    async dropGrants(openid: string, kind: NotificationKind): Promise<void> {
      await table.doc.send(new UpdateCommand({ TableName: T, Key: keys.subscription(openid, kind), UpdateExpression: 'SET remaining = :zero, kind = :kind', ExpressionAttributeValues: { ':zero': 0, ':kind': kind } }));
    },

    async phone(openid: string): Promise<string | null> {
      const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: keys.contact(openid) }));
      const parsed = Contact.safeParse(Item);
      return parsed.success ? parsed.data.phone : null;
    },

    async setPhone(openid: string, phone: string | null, at: string): Promise<void> {
      const update = phone === null ? { UpdateExpression: 'REMOVE phone SET updatedAt = :at', ExpressionAttributeValues: { ':at': at } } : { UpdateExpression: 'SET phone = :phone, updatedAt = :at, entity = :entity', ExpressionAttributeValues: { ':at': at, ':phone': phone, ':entity': 'contact' } };
      await table.doc.send(new UpdateCommand({ TableName: T, Key: keys.contact(openid), ...update }));
    },

    /** The WeChat access token every function shares, while it has at least `marginMs` to live. */
    async cachedToken(appId: string, nowMs: number, marginMs: number): Promise<string | null> {
      const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: keys.accessToken(appId), ConsistentRead: true }));
      const parsed = CachedToken.safeParse(Item);
      return parsed.success && parsed.data.expiresAtMs - marginMs > nowMs ? parsed.data.token : null;
    },

    async storeToken(appId: string, token: string, expiresAtMs: number): Promise<void> {
      await table.doc.send(new PutCommand({ TableName: T, Item: { ...keys.accessToken(appId), entity: 'access-token', token, expiresAtMs } }));
    },
  };
}

export type ContactRepository = ReturnType<typeof createContactRepository>;
