import { createHash } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { TableRef } from './client';
import { keys } from './keys';

export interface Session {
  readonly openid: string;
  readonly createdAt: string;
  /** Epoch seconds; also the table's TTL attribute, so DynamoDB deletes it later. */
  readonly expiresAtEpochS: number;
}

const SessionItem = z.object({ openid: z.string(), createdAt: z.string(), expiresAtEpochS: z.number().int() });

/** Only a SHA-256 of the token is stored: a leaked table dump yields no usable token. */
const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

export function createSessionRepository(table: TableRef) {
  return {
    async create(token: string, session: Session): Promise<void> {
      await table.doc.send(
        new PutCommand({
          TableName: table.tableName,
          Item: { ...keys.session(hashToken(token)), entity: 'session', ...session },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    },

    /** The live session for `token`, or null when unknown or expired (TTL deletion lags). */
    async find(token: string, nowEpochS: number): Promise<Session | null> {
      const { Item } = await table.doc.send(
        new GetCommand({ TableName: table.tableName, Key: keys.session(hashToken(token)) }),
      );
      if (!Item) return null;
      const session = SessionItem.parse(Item);
      return session.expiresAtEpochS > nowEpochS ? session : null;
    },
  };
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;
