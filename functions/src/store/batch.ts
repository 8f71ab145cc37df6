import { BatchGetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from './client';
import { GSI2 } from './keys';

type Key = { PK: string; SK: string };
type Item = Record<string, unknown>;

const MAX_KEYS_PER_BATCH = 100;
const MAX_ROUNDS = 8;

/**
 * Reads many items by key, in batches of 100, retrying unprocessed keys with
 * a short backoff. Returns a map from `PK|SK` to item; missing items are absent.
 */
export async function batchGetByKey(table: TableRef, keys: readonly Key[]): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  const unique = [...new Map(keys.map((key) => [keyId(key), key])).values()];
  for (let start = 0; start < unique.length; start += MAX_KEYS_PER_BATCH) {
    let pending: Key[] = unique.slice(start, start + MAX_KEYS_PER_BATCH);
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new Error(`BatchGet left ${pending.length} keys unprocessed`);
      if (round > 0) await sleep(25 * 2 ** round);
      const out = await table.doc.send(
        new BatchGetCommand({ RequestItems: { [table.tableName]: { Keys: pending } } }),
      );
      for (const item of out.Responses?.[table.tableName] ?? []) found.set(keyId(item as Key), item);
      pending = (out.UnprocessedKeys?.[table.tableName]?.Keys ?? []) as Key[];
    }
  }
  return found;
}

export const keyId = (key: Key): string => `${key.PK}|${key.SK}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every item a query matches, following `LastEvaluatedKey` page after page (for bounded sets: one tenant's bindings, one tariff's versions, one day's payments). */
export async function queryAll(table: TableRef, input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const out = await table.doc.send(new QueryCommand({ ...input, TableName: table.tableName, ExclusiveStartKey: cursor }));
    items.push(...(out.Items ?? []));
    cursor = out.LastEvaluatedKey;
  } while (cursor);
  return items;
}

/**
 * The items a sweep must come back to by `nowIso`, most overdue first: a
 * queue's sparse GSI2 partition (`DUE#<queue>` / `<dueAt>#<id>`, see keys).
 */
export async function dueItems(table: TableRef, queue: 'REFUNDS' | 'ORDERS' | 'MASS', nowIso: string, limit: number): Promise<Item[]> {
  const out = await table.doc.send(
    new QueryCommand({
      TableName: table.tableName,
      IndexName: GSI2,
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK <= :now',
      ExpressionAttributeValues: { ':pk': `DUE#${queue}`, ':now': `${nowIso}#~` },
      Limit: limit,
    }),
  );
  return out.Items ?? [];
}
