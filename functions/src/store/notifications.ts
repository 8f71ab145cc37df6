import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS } from '@prepaid/shared';
import * as z from 'zod';
import { queryAll } from './batch';
import type { TableRef } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import { GSI1, keys } from './keys';

export const StoredNotification = z.object({
  id: z.string(),
  meterId: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  /** Who it is for: a tenant's openid, or null when nobody could be told (no tenant bound). */
  to: z.string().nullable(),
  /** The occurrence it tells (see `NoticeIntent.dedupe`). */
  dedupe: z.string(),
  channel: z.enum(NOTIFICATION_CHANNELS),
  /** `pending` only between the claim and the answer of the channel. */
  status: z.enum(['pending', 'sent', 'failed', 'skipped']),
  at: z.string(),
  text: z.string(),
  /** Why a channel failed or was passed over, e.g. `wechat 43101 refused`, `no subscription, no phone`. */
  detail: z.string().optional(),
  finishedAt: z.string().optional(),
});
export type StoredNotification = z.infer<typeof StoredNotification>;


/**
 * Notifications (CONTRACT): one record per occurrence and recipient, whose
 * key is the occurrence (`dedupe`) and the recipient, so claiming it is a
 * conditional Put: however many paths or retries tell one occurrence, one
 * wins and tells it. Listed per meter, newest first (GSI1).
 * Beside them: a tenant's remaining WeChat subscription grants per kind
 * (one accept = one message), their phone for SMS, and the shared WeChat
 * access token.
 */
export function createNotificationRepository(table: TableRef) {
  const T = table.tableName;
  return {
    /** Claims the record (status `pending`, or already final for `skipped`); false when this occurrence was already told to this recipient. */
    async claim(record: StoredNotification): Promise<boolean> {
      try {
        await table.doc.send(
          new PutCommand({
            TableName: T,
            Item: { ...keys.notification(record.meterId, record.dedupe, record.to), ...keys.notificationIndex(record.meterId, record.at, record.id), entity: 'notification', ...record },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    /** The channel's answer. */
    async finish(record: StoredNotification, outcome: { channel: StoredNotification['channel']; status: 'sent' | 'failed' | 'skipped'; detail?: string; at: string }): Promise<void> {
      await table.doc.send(
        new UpdateCommand({
          TableName: T,
          Key: keys.notification(record.meterId, record.dedupe, record.to),
          UpdateExpression: 'SET channel = :channel, #status = :status, finishedAt = :at' + (outcome.detail ? ', detail = :detail' : ''),
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':channel': outcome.channel, ':status': outcome.status, ':at': outcome.at, ...(outcome.detail ? { ':detail': outcome.detail } : {}) },
        }),
      );
    },

    /** A meter's notifications, newest first; `to` keeps only one recipient's (a tenant's own list). */
    async listForMeter(meterId: string, options: { limit: number; cursor?: string; to?: string }): Promise<{ items: StoredNotification[]; next: string | null }> {
      const pk = keys.notificationIndex(meterId, '', '').GSI1PK;
      const out = await table.doc.send(
        new QueryCommand({
          TableName: T,
          IndexName: GSI1,
          KeyConditionExpression: 'GSI1PK = :pk',
          ...(options.to ? { FilterExpression: '#to = :to', ExpressionAttributeNames: { '#to': 'to' } } : {}),
          ExpressionAttributeValues: { ':pk': pk, ...(options.to ? { ':to': options.to } : {}) },
          ScanIndexForward: false,
          Limit: options.limit,
          ExclusiveStartKey: decodeCursor(options.cursor, { equals: { GSI1PK: pk }, prefixes: { GSI1SK: '', PK: keys.notificationPrefix, SK: 'NOTICE' } }),
        }),
      );
      return { items: (out.Items ?? []).map((item) => StoredNotification.parse(item)), next: encodeCursor(out.LastEvaluatedKey) };
    },

    /** The tenants bound to a meter. */
    async recipientsOf(meterId: string): Promise<string[]> {
      const items = await queryAll(table, {
        IndexName: GSI1,
        KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :sk)',
        ExpressionAttributeValues: { ':pk': keys.meterPartition(meterId), ':sk': keys.bindingPrefix },
      });
      return items.map((item) => z.object({ openid: z.string() }).parse(item).openid).sort();
    },
  };
}

export type NotificationRepository = ReturnType<typeof createNotificationRepository>;
