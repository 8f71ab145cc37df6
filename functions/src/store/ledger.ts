import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { AppError } from '@prepaid/shared';
import * as z from 'zod';
import type { TableRef } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import { GSI1, keys } from './keys';
import { transactWallet } from './wallets';

export type LedgerKind = 'recharge' | 'charge' | 'refund' | 'adjustment' | 'reversal';

/** A credit or debit from outside the meter: a payment, a refund, a correction. */
export interface Posting {
  readonly meterId: string;
  readonly kind: LedgerKind;
  /** Signed: + credit, − debit. */
  readonly amountFen: number;
  /** The sender's id for this event (out_trade_no, a bank reference, …): a retry with the same key writes nothing. */
  readonly idempotencyKey: string;
  readonly at: string;
  readonly entryId: string;
  readonly reason?: string;
  readonly operator?: string;
  readonly method?: string;
  readonly reference?: string;
  /** Items written in the same transaction, each only if new (e.g. the WeChat payment record). */
  readonly extraItems?: readonly Record<string, unknown>[];
  /**
   * What makes a retry the same request (meter, method, amount…): a key seen
   * before with another fingerprint is refused (409 `idempotency.mismatch`), not answered with the first result.
   */
  readonly fingerprint?: string;
}

export interface PostResult {
  readonly entryId: string;
  readonly balanceAfterFen: number;
  /** True when the key had been posted before and nothing new was written. */
  readonly duplicate: boolean;
}

export const LedgerEntry = z.object({
  id: z.string(),
  meterId: z.string(),
  seq: z.number().int(),
  kind: z.enum(['recharge', 'charge', 'refund', 'adjustment', 'reversal']),
  amountFen: z.number().int(),
  balanceAfterFen: z.number().int(),
  at: z.string(),
  reason: z.string().optional(),
  operator: z.string().optional(),
  method: z.string().optional(),
  reference: z.string().optional(),
  quantity: z.number().int().optional(),
  readingAt: z.string().optional(),
  /** Itemised cost of a charge: tiers, periods and components. */
  items: z
    .array(z.object({ label: z.string(), quantity: z.number().int(), pricePer10kYuan: z.number().int(), costMicroFen: z.string() }))
    .optional(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

const StoredResult = z.object({ entryId: z.string(), balanceAfterFen: z.number().int(), fingerprint: z.string().optional() });

export function createLedgerRepository(table: TableRef) {
  return {
    /** Appends a credit or debit exactly once per idempotency key (see `transactWallet`). */
    async post(posting: Posting): Promise<PostResult> {
      if (!Number.isSafeInteger(posting.amountFen)) throw new TypeError('amountFen must be a safe integer');
      const { meterId, idempotencyKey, extraItems, fingerprint, ...fields } = posting;
      const outcome = await transactWallet(
        table,
        meterId,
        { key: keys.idempotency(idempotencyKey), item: { entity: 'idempotency', meterId, at: posting.at } },
        (wallet) => ({
          deltaFen: posting.amountFen,
          entry: { ...fields, id: posting.entryId, idempotencyKey },
          ...(extraItems ? { puts: extraItems } : {}),
          result: { entryId: posting.entryId, balanceAfterFen: wallet.balanceFen + posting.amountFen, ...(fingerprint ? { fingerprint } : {}) },
        }),
      );
      const { fingerprint: stored, ...result } = StoredResult.parse(outcome.result);
      if (outcome.duplicate && stored !== fingerprint) {
        throw new AppError('idempotency.mismatch', 409, 'This idempotency key was used for another request (another meter, amount or method)');
      }
      // Our own write, found on a retry after a lost answer, is not a duplicate: only another entry id is.
      return { ...result, duplicate: outcome.duplicate && result.entryId !== posting.entryId };
    },

    /** One entry by its id (receipts, reversals). */
    async getEntry(entryId: string): Promise<LedgerEntry | null> {
      const out = await table.doc.send(
        new QueryCommand({ TableName: table.tableName, IndexName: GSI1, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': keys.entryIndex(entryId).GSI1PK }, Limit: 1 }),
      );
      const item = out.Items?.[0];
      return item ? LedgerEntry.parse(item) : null;
    },

    /** The cursor that continues a newest-first listing after the entry `seq` (a list that stops mid-page). */
    cursorAfter: (meterId: string, seq: number): string => encodeCursor(keys.ledgerEntry(meterId, seq))!,

    /** A page of a meter's ledger, newest first. */
    async list(meterId: string, options: { limit: number; cursor?: string }): Promise<{ items: LedgerEntry[]; next: string | null }> {
      const PK = keys.meterPartition(meterId);
      const out = await table.doc.send(
        new QueryCommand({
          TableName: table.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
          ExpressionAttributeValues: { ':pk': PK, ':sk': keys.ledgerPrefix },
          ScanIndexForward: false,
          Limit: options.limit,
          ExclusiveStartKey: decodeCursor(options.cursor, { equals: { PK }, prefixes: { SK: keys.ledgerPrefix } }),
        }),
      );
      return { items: (out.Items ?? []).map((item) => LedgerEntry.parse(item)), next: encodeCursor(out.LastEvaluatedKey) };
    },
  };
}

export type LedgerRepository = ReturnType<typeof createLedgerRepository>;
