import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { queryAll } from './batch';
import type { TableRef } from './client';
import { GSI1, keys } from './keys';

export const StoredApiKey = z.object({
  keyId: z.string(),
  name: z.string(),
  role: z.enum(['manager', 'admin']),
  buildings: z.array(z.string()),
  /** The secret, sealed (AES-256-GCM under the API's sealing key): HMAC needs the secret itself, so a one-way hash cannot check a signature. */
  sealedSecret: z.string(),
  /** The first hex digits of the secret's SHA-256, to tell keys apart on a list without revealing anything. */
  fingerprint: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
  revokedBy: z.string().optional(),
});
export type StoredApiKey = z.infer<typeof StoredApiKey>;

/**
 * Third parties' API keys, their request nonces and their request counts.
 * A key is written once and only ever revoked (never deleted: the audit log
 * names it). A nonce is claimed by a conditional put and lives (TTL) past
 * the signature window, so one replayed inside the window is refused.
 */
export function createApiKeyRepository(table: TableRef) {
  const T = table.tableName;
  return {
    async create(key: StoredApiKey): Promise<void> {
      await table.doc.send(new PutCommand({ TableName: T, Item: { ...keys.apiKey(key.keyId), ...keys.apiKeyIndex(key.keyId), entity: 'api-key', ...key }, ConditionExpression: 'attribute_not_exists(PK)' }));
    },

    async get(keyId: string): Promise<StoredApiKey | null> {
      const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: keys.apiKey(keyId), ConsistentRead: true }));
      return Item ? StoredApiKey.parse(Item) : null;
    },

    /** Every key, revoked ones too, oldest first (an estate has a handful). */
    async list(): Promise<StoredApiKey[]> {
      const items = await queryAll(table, { IndexName: GSI1, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': keys.apiKeyIndex('').GSI1PK } });
      return items.map((item) => StoredApiKey.parse(item));
    },

    /** Revokes a key once: the key as revoked, or null when it was revoked already (or never was). */
    async revoke(keyId: string, by: string, at: string): Promise<StoredApiKey | null> {
      try {
        const out = await table.doc.send(
          new UpdateCommand({
            TableName: T,
            Key: keys.apiKey(keyId),
            UpdateExpression: 'SET revokedAt = :at, revokedBy = :by',
            ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(revokedAt)',
            ExpressionAttributeValues: { ':at': at, ':by': by },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return StoredApiKey.parse(out.Attributes);
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return null;
        throw error;
      }
    },

    /** Claims a request's nonce for the key: false when it was used already (a replay). */
    async claimNonce(keyId: string, nonce: string, expiresAtEpochS: number): Promise<boolean> {
      try {
        await table.doc.send(
          new PutCommand({ TableName: T, Item: { ...keys.apiNonce(keyId, nonce), entity: 'api-nonce', expiresAtEpochS }, ConditionExpression: 'attribute_not_exists(PK)' }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    /** Counts one request of the key in a minute window; the count so far (this one included). */
    async countRequest(keyId: string, minute: number, expiresAtEpochS: number): Promise<number> {
      const out = await table.doc.send(
        new UpdateCommand({
          TableName: T,
          Key: keys.apiRate(keyId, minute),
          UpdateExpression: 'ADD requests :one SET entity = :entity, expiresAtEpochS = :ttl',
          ExpressionAttributeValues: { ':one': 1, ':entity': 'api-rate', ':ttl': expiresAtEpochS },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(out.Attributes?.requests ?? 0);
    },
  };
}

export type ApiKeyRepository = ReturnType<typeof createApiKeyRepository>;
