import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { AppError } from '@prepaid/shared';
import { z } from 'zod';
import type { TableRef } from './client';
import { keys } from './keys';

export type LedgerKind = 'recharge' | 'charge' | 'refund' | 'adjustment' | 'reversal';

export interface Posting {
  readonly meterId: string;
  readonly kind: LedgerKind;
  /** Signed: + credit, − debit. */
  readonly amountFen: number;
  /** The sender's id for this event (out_trade_no, packet id, …): a retry with the same key writes nothing. */
  readonly idempotencyKey: string;
  readonly at: string;
  readonly entryId: string;
  readonly reason?: string;
  readonly operator?: string;
}

export interface PostResult {
  readonly entryId: string;
  readonly balanceAfterFen: number;
  /** True when the key had been posted before and nothing new was written. */
  readonly duplicate: boolean;
}

const Wallet = z.object({ balanceFen: z.number().int(), version: z.number().int() });
const Idempotency = z.object({ entryId: z.string(), balanceAfterFen: z.number().int() });
const MAX_ATTEMPTS = 50;

/**
 * Appends one ledger entry and moves the wallet in a single TransactWriteItems:
 * the entry, the wallet (guarded by its version: optimistic concurrency, so a
 * concurrent writer makes us re-read and retry, never overwrite) and the
 * idempotency record (guarded by `attribute_not_exists`, so a duplicate writes nothing).
 */
export function createLedgerRepository(table: TableRef) {
  const T = table.tableName;
  const idempotencyKey = (key: string) => ({ PK: `IDEMP#${key}`, SK: 'IDEMP' });

  async function readWallet(meterId: string) {
    const { Item } = await table.doc.send(
      new GetCommand({ TableName: T, Key: keys.wallet(meterId), ConsistentRead: true }),
    );
    if (!Item) throw new AppError('meter.not_found', 404, `No wallet for meter "${meterId}"`);
    return Wallet.parse(Item);
  }

  async function readPrevious(key: string): Promise<PostResult | null> {
    const { Item } = await table.doc.send(
      new GetCommand({ TableName: T, Key: idempotencyKey(key), ConsistentRead: true }),
    );
    return Item ? { ...Idempotency.parse(Item), duplicate: true } : null;
  }

  async function attempt(posting: Posting): Promise<PostResult | 'conflict'> {
    const wallet = await readWallet(posting.meterId);
    const balanceAfterFen = wallet.balanceFen + posting.amountFen;
    const entry = {
      ...keys.ledgerEntry(posting.meterId, posting.at, posting.entryId),
      entity: 'ledger',
      id: posting.entryId,
      meterId: posting.meterId,
      kind: posting.kind,
      amountFen: posting.amountFen,
      balanceAfterFen,
      at: posting.at,
      idempotencyKey: posting.idempotencyKey,
      reason: posting.reason,
      operator: posting.operator,
    };
    try {
      await table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: T, Item: entry, ConditionExpression: 'attribute_not_exists(PK)' } },
            {
              Update: {
                TableName: T,
                Key: keys.wallet(posting.meterId),
                UpdateExpression: 'SET balanceFen = :balance, version = :next',
                ConditionExpression: 'version = :version',
                ExpressionAttributeValues: { ':balance': balanceAfterFen, ':next': wallet.version + 1, ':version': wallet.version },
              },
            },
            {
              Put: {
                TableName: T,
                Item: { ...idempotencyKey(posting.idempotencyKey), entity: 'idempotency', entryId: posting.entryId, balanceAfterFen },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      );
      return { entryId: posting.entryId, balanceAfterFen, duplicate: false };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [, walletReason, idempotencyReason] = error.CancellationReasons ?? [];
      if (idempotencyReason?.Code === 'ConditionalCheckFailed') return 'conflict';
      if (walletReason?.Code === 'ConditionalCheckFailed' || walletReason?.Code === 'TransactionConflict') return 'conflict';
      if (error.CancellationReasons?.some((reason) => reason.Code === 'TransactionConflict')) return 'conflict';
      throw error;
    }
  }

  return {
    async post(posting: Posting): Promise<PostResult> {
      if (!Number.isSafeInteger(posting.amountFen)) throw new TypeError('amountFen must be a safe integer');
      for (let attemptNo = 0; attemptNo < MAX_ATTEMPTS; attemptNo++) {
        const previous = await readPrevious(posting.idempotencyKey);
        if (previous) return previous;
        const result = await attempt(posting);
        if (result !== 'conflict') return result;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * Math.min(attemptNo + 1, 10)));
      }
      throw new AppError('wallet.contention', 503, 'The wallet is busy; retry the request');
    },
  };
}

export type LedgerRepository = ReturnType<typeof createLedgerRepository>;
