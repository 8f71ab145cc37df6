import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { TableRef } from './client';
import { decodeCursor, encodeCursor, type CursorShape } from './cursor';
import { GSI1, keys } from './keys';
import { transactWallet, type Wallet, type WalletChange } from './wallets';

export const ReadingStatus = z.enum(['baseline', 'billed', 'stale', 'duplicate', 'anomaly']);
export type ReadingStatus = z.infer<typeof ReadingStatus>;

export const StoredReading = z.object({
  meterId: z.string(),
  value: z.number().int(),
  unit: z.enum(['Wh', 'L']),
  at: z.string(),
  status: ReadingStatus,
  reason: z.string().optional(),
  quantity: z.number().int().optional(),
  chargeFen: z.number().int().optional(),
  costMicroFen: z.string().optional(),
  source: z.string(),
  receivedAt: z.string(),
  /** The time the meter or platform claimed, when it could not be trusted (the reading is then filed under `receivedAt`). */
  reportedAt: z.string().optional(),
});
export type StoredReading = z.infer<typeof StoredReading>;

/** What the billing service decides for a reading, given the wallet: the result is the reading as stored. */
export type ReadingDecision = (wallet: Wallet) => WalletChange<StoredReading>;

type Page = { items: StoredReading[]; next: string | null };

export function createReadingRepository(table: TableRef) {
  async function page(query: { index?: string; shape: CursorShape; limit: number; cursor?: string }): Promise<Page> {
    const [partitionName, partitionValue] = Object.entries(query.shape.equals)[0] ?? [];
    const prefix = Object.entries(query.shape.prefixes).find(([name]) => name === 'SK');
    const out = await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: query.index,
        KeyConditionExpression: `#pk = :pk${prefix && !query.index ? ' AND begins_with(SK, :sk)' : ''}`,
        ExpressionAttributeNames: { '#pk': partitionName ?? 'PK' },
        ExpressionAttributeValues: { ':pk': partitionValue, ...(prefix && !query.index ? { ':sk': prefix[1] } : {}) },
        ScanIndexForward: false,
        Limit: query.limit,
        ExclusiveStartKey: decodeCursor(query.cursor, query.shape),
      }),
    );
    return { items: (out.Items ?? []).map((item) => StoredReading.parse(item)), next: encodeCursor(out.LastEvaluatedKey) };
  }

  return {
    /** The index attributes that list a quarantined reading across meters (for managers). */
    anomalyIndex: (meterId: string, atIso: string) => keys.anomalyIndex(meterId, atIso),

    /** The key of the meter's reading at an instant (its own idempotency guard). */
    guard: (meterId: string, atIso: string) => ({ key: keys.reading(meterId, atIso), item: { entity: 'reading' } }),

    /**
     * Stores a reading and what it does to the wallet in one transaction. The
     * reading item is its own idempotency guard: the same meter and instant
     * twice is one reading, billed once, however concurrent the deliveries.
     */
    async record(meterId: string, atIso: string, decide: ReadingDecision) {
      const outcome = await transactWallet(table, meterId, { key: keys.reading(meterId, atIso), item: { entity: 'reading' } }, (wallet) => {
        const change = decide(wallet);
        // Quarantined readings are also listed across meters for managers.
        const index = change.result.status === 'anomaly' ? keys.anomalyIndex(meterId, atIso) : {};
        return { ...change, guardItem: { ...change.guardItem, ...index } };
      });
      return { reading: StoredReading.parse(outcome.result), duplicate: outcome.duplicate, balanceAfterFen: outcome.balanceAfterFen };
    },

    /** A page of a meter's readings, newest first. */
    list: (meterId: string, options: { limit: number; cursor?: string }): Promise<Page> =>
      page({ shape: { equals: { PK: keys.meterPartition(meterId) }, prefixes: { SK: keys.readingPrefix } }, ...options }),

    /** Quarantined readings of every meter, newest first (for managers). */
    listAnomalies: (options: { limit: number; cursor?: string }): Promise<Page> =>
      page({
        index: GSI1,
        shape: { equals: { GSI1PK: 'ANOMALIES' }, prefixes: { GSI1SK: '', PK: 'METER#', SK: keys.readingPrefix } },
        ...options,
      }),
  };
}

export type ReadingRepository = ReturnType<typeof createReadingRepository>;
