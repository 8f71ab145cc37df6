import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { TableRef } from './client';
import { decodeCursor, encodeCursor, type CursorShape } from './cursor';
import { GSI1, keys } from './keys';
import { meterRange } from './meter-range';
import { transactWallet, type ItemUpdate, type Wallet, type WalletChange } from './wallets';

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
  /** The meter's cumulative per-period registers, when it reports them (a time-of-use interval is then billed from them). */
  registers: z.record(z.string(), z.number().int().nonnegative()).optional(),
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

    /**
     * A later reading's interval as it now is, after a reading was placed
     * before it: its quantity and exact cost (a baseline becomes billed). Its
     * `chargeFen` stays what was debited when it arrived; the difference is
     * charged with the reading placed before it.
     */
    reviseUpdate: (meterId: string, atIso: string, revision: { quantity: number; costMicroFen: bigint }): ItemUpdate => ({
      Key: keys.reading(meterId, atIso),
      UpdateExpression: 'SET quantity = :q, costMicroFen = :c, #status = :billed',
      ConditionExpression: '#status IN (:baseline, :billed)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':q': revision.quantity, ':c': revision.costMicroFen.toString(), ':billed': 'billed', ':baseline': 'baseline' },
    }),

    /**
     * The meter's accepted readings around `atIso` (excluded): the latest
     * before it, and every one after it, oldest first. Read only for a reading
     * older than the meter's last one; the readings after it are bounded by
     * the history window, the one before by the first accepted reading.
     */
    async around(meterId: string, atIso: string): Promise<{ before: StoredReading | null; after: StoredReading[] }> {
      const accepted = (item: StoredReading) => item.status === 'baseline' || item.status === 'billed';
      const after: StoredReading[] = [];
      for await (const item of readingsFrom(table, meterId, { from: atIso, forward: true })) if (item.at !== atIso && accepted(item)) after.push(item);
      let before: StoredReading | null = null;
      for await (const item of readingsFrom(table, meterId, { from: atIso, forward: false })) {
        if (item.at !== atIso && accepted(item)) {
          before = item;
          break;
        }
      }
      return { before, after };
    },

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

/** A meter's readings from an instant (inclusive) forward or backward in time, page by page. */
async function* readingsFrom(table: TableRef, meterId: string, options: { from: string; forward: boolean }): AsyncGenerator<StoredReading> {
  const prefix = keys.readingPrefix;
  const [low, high] = options.forward ? [`${prefix}${options.from}`, `${prefix}\uffff`] : [prefix, `${prefix}${options.from}`];
  // Backwards, the first accepted reading is usually the first one read: small pages keep that read small.
  for await (const item of meterRange(table, meterId, { low, high, forward: options.forward, pageSize: options.forward ? 200 : 10, consistent: true })) {
    yield StoredReading.parse(item);
  }
}
