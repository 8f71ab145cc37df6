import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactGetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { AppError } from '@prepaid/shared';
import * as z from 'zod';
import type { TableRef } from './client';
import { keys } from './keys';
import { beijingDate } from '../platform/beijing-time';
import { addExpression, ledgerIndexOf, moneyParts, statsUpdates } from './statistics';

/** The wallet item: money and the billing state of the next reading, moved only by `transactWallet`. */
export const WalletItem = z.object({
  meterId: z.string(),
  balanceFen: z.number().int(),
  version: z.number().int().nonnegative(),
  remainderMicroFen: z.number().int().nonnegative().default(0),
  lastReading: z.object({ value: z.number().int(), at: z.string() }).nullable().default(null),
  cycle: z.object({ key: z.string(), usedBaseUnits: z.number().int().nonnegative() }).nullable().default(null),
  /** Cumulative per-period registers of the last accepted reading (time-of-use meters). */
  lastRegisters: z.record(z.string(), z.number().int().nonnegative()).nullable().default(null),
  /**
   * Counts the changes to the meter's accepted readings (each reading that
   * takes its place, a replacement): a late reading decided on the history
   * it read commits only if this has not moved (payments do not move it).
   */
  historyRev: z.number().int().nonnegative().default(0),
  /** Fen promised to pending refund requests: a new request may not exceed balance − this. */
  pendingRefundFen: z.number().int().nonnegative().default(0),
  /** The spending pace of recent charges, decaying (see shared `addToPace`): the days-left forecast without reading history. */
  pace: z.object({ coveredMs: z.number().int().nonnegative(), costMicroFen: z.string().regex(/^\d+$/) }).nullable().default(null),
  /** The meter's building and utility, copied when the meter is made: where its postings count in the statistics (null: nowhere). */
  buildingId: z.string().nullable().default(null),
  utility: z.enum(['electricity', 'water']).nullable().default(null),
  /**
   * Every fen ever paid in (recharges, cash and bank payments, positive
   * corrections; not reversals): what a meter that keeps its own balance is
   * owed in purchases (meter-side billing compares it with what it was sent).
   */
  creditedFen: z.number().int().nonnegative().default(0),
});
export type Wallet = z.infer<typeof WalletItem>;

type Item = Record<string, unknown>;

/** An update of another item riding in a wallet transaction. */
export interface ItemUpdate {
  readonly Key: { PK: string; SK: string };
  readonly UpdateExpression: string;
  readonly ConditionExpression?: string;
  readonly ExpressionAttributeNames?: Record<string, string>;
  readonly ExpressionAttributeValues?: Record<string, unknown>;
}

/** What one operation does to a wallet, decided from its current state. */
export interface WalletChange<R> {
  /** Signed fen moved (0 for a reading that bills nothing). */
  readonly deltaFen: number;
  /** Billing-state fields to store (lastReading, remainderMicroFen, cycle). */
  readonly state?: Partial<Pick<Wallet, 'remainderMicroFen' | 'lastReading' | 'cycle' | 'lastRegisters' | 'historyRev' | 'pendingRefundFen' | 'pace'>>;
  /** Updates of other items in the same transaction; one whose condition fails cancels everything (`WalletUpdateRefused`). */
  readonly updates?: readonly ItemUpdate[];
  /** Items deleted in the same transaction (e.g. an open alarm that closes). */
  readonly deletes?: readonly { Key: { PK: string; SK: string }; ConditionExpression?: string; ExpressionAttributeValues?: Record<string, unknown> }[];
  /** A ledger entry to append (with its `id`); `seq`, `balanceAfterFen` and keys are filled in here. */
  readonly entry?: Item;
  /** Other items written in the same transaction, each only if new. */
  readonly puts?: readonly Item[];
  /** Consumption the operation bills (a reading's quantity, base units), counted in the building's statistics at `at`. */
  readonly consumption?: { readonly at: string; readonly quantity: number };
  /** Attributes written on the guard item itself (a reading's fields, when the reading is the guard). */
  readonly guardItem?: Item;
  /** What the caller gets back, also stored on the guard item for retries. */
  readonly result: R;
}

/** The item whose first write makes the operation happen once: an idempotency record, or the reading itself. */
export interface Guard {
  readonly key: { PK: string; SK: string };
  readonly item: Item;
}

/**
 * A safety net, not a budget: every lost round means another operation on the
 * same wallet committed, so the wallet as a whole always makes progress and a
 * legitimate operation keeps its turn until it is written (or found to be a
 * duplicate). A wall-clock budget would fail operations on a loaded machine
 * for no fault of theirs; only a bug could spin this many times.
 */
const MAX_ATTEMPTS = 1_000;

/**
 * Applies one operation to a wallet in a single TransactWriteItems: the
 * wallet (guarded by its version), the guard item (guarded by
 * `attribute_not_exists`, so a retry writes nothing), the ledger entry and any
 * other items. Nothing is read, changed in memory and written back blindly: a
 * concurrent writer fails our version check and we re-read and decide again,
 * for as long as others keep winning. A duplicate returns the first result
 * with `duplicate: true`; callers must look at it.
 */
export async function transactWallet<R>(
  table: TableRef,
  meterId: string,
  guard: Guard,
  decide: (wallet: Wallet) => WalletChange<R>,
  options: { loaded?: Wallet } = {},
): Promise<{ result: R; duplicate: boolean; balanceAfterFen: number | null }> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // First attempt: the wallet the caller already loaded, or one transactional read of wallet and guard, so a
    // duplicate returns without a write. Retries read the wallet alone: a guard written meanwhile makes the write fail on its condition.
    const [walletItem, guardItem] =
      attempt === 0 ? (options.loaded ? [options.loaded, undefined] : await readBoth(table, meterId, guard)) : [await readWallet(table, meterId), undefined];
    if (guardItem) return { result: guardItem.result as R, duplicate: true, balanceAfterFen: null };
    if (!walletItem) throw new AppError('meter.not_found', 404, `No meter "${meterId}"`);
    const wallet = WalletItem.parse(walletItem);
    const change = decide(wallet);
    const outcome = await write(table, wallet, guard, change);
    if (outcome === 'written') return { result: change.result, duplicate: false, balanceAfterFen: wallet.balanceFen + change.deltaFen };
    if (outcome === 'duplicate') {
      const [, stored] = await readBoth(table, meterId, guard);
      if (stored) return { result: stored.result as R, duplicate: true, balanceAfterFen: null };
    }
    // Full-jitter exponential backoff: many contenders on one wallet spread out instead of colliding again in lock-step.
    await sleep(Math.random() * Math.min(400, 10 * 2 ** Math.min(attempt, 6)));
  }
  throw new AppError('wallet.contention', 503, 'The wallet is busy; retry the request');
}

async function readBoth(table: TableRef, meterId: string, guard: Guard): Promise<[Item | undefined, Item | undefined]> {
  const out = await table.doc.send(
    new TransactGetCommand({
      TransactItems: [
        { Get: { TableName: table.tableName, Key: keys.wallet(meterId) } },
        { Get: { TableName: table.tableName, Key: guard.key } },
      ],
    }),
  );
  return [out.Responses?.[0]?.Item, out.Responses?.[1]?.Item];
}

async function readWallet(table: TableRef, meterId: string): Promise<Item | undefined> {
  const { Item } = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: keys.wallet(meterId), ConsistentRead: true }));
  return Item;
}

async function write<R>(table: TableRef, wallet: Wallet, guard: Guard, change: WalletChange<R>): Promise<'written' | 'retry' | 'duplicate'> {
  const T = table.tableName;
  const seq = wallet.version + 1;
  const balanceAfterFen = wallet.balanceFen + change.deltaFen;
  if (!Number.isSafeInteger(balanceAfterFen)) throw new AppError('wallet.overflow', 400, 'The balance would overflow');
  // Money paid in (a recharge, a positive correction) adds to what a meter that keeps its own balance is owed, in the same write as
  // the entry, so exactly once. A reversal is not: it puts back a debit the meter never saw (a failed refund), which it still holds.
  // What moved is this write's own integer delta (a posting's amount), not the entry's field read back through Number().
  const kind = change.entry?.['kind'];
  const credited = (kind === 'recharge' || kind === 'adjustment') && change.deltaFen > 0 ? change.deltaFen : 0;
  const state = { ...change.state, balanceFen: balanceAfterFen, version: seq, ...(credited > 0 ? { creditedFen: wallet.creditedFen + credited } : {}) };
  const names = Object.keys(state);
  const transactItems: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
    {
      Update: {
        TableName: T,
        Key: keys.wallet(wallet.meterId),
        UpdateExpression: `SET ${names.map((name, i) => `#n${i} = :v${i}`).join(', ')}`,
        ConditionExpression: 'version = :expected',
        ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#n${i}`, name])),
        ExpressionAttributeValues: {
          ...Object.fromEntries(names.map((name, i) => [`:v${i}`, (state as Record<string, unknown>)[name]])),
          ':expected': wallet.version,
        },
      },
    },
    { Put: { TableName: T, Item: { ...guard.item, ...change.guardItem, ...guard.key, result: change.result }, ConditionExpression: 'attribute_not_exists(PK)' } },
  ];
  if (change.entry) {
    const entry = {
      ...change.entry,
      ...keys.entryIndex(String(change.entry.id)),
      ...keys.ledgerEntry(wallet.meterId, seq),
      ...ledgerIndexOf(wallet, change.entry, seq),
      entity: 'ledger',
      meterId: wallet.meterId,
      seq,
      balanceAfterFen,
    };
    transactItems.push({ Put: { TableName: T, Item: entry, ConditionExpression: 'attribute_not_exists(PK)' } });
  }
  for (const update of change.updates ?? []) transactItems.push({ Update: { TableName: T, ...update } });
  for (const removal of change.deletes ?? []) transactItems.push({ Delete: { TableName: T, ...removal } });
  for (const item of change.puts ?? []) {
    transactItems.push({ Put: { TableName: T, Item: item, ConditionExpression: 'attribute_not_exists(PK)' } });
  }
  // Last, so a refused update's index above stays what it was.
  if (change.entry && change.entry.kind !== 'charge') transactItems.push({ Update: { TableName: T, ...moneyDayUpdate(wallet, change.entry) } });
  for (const update of statsUpdates(wallet, change.entry, change.consumption)) transactItems.push({ Update: { TableName: T, ...update } });
  try {
    await table.doc.send(new TransactWriteCommand({ TransactItems: transactItems }));
    return 'written';
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code);
      // Our version check lost, the guard now exists (a concurrent duplicate), or DynamoDB saw a conflicting transaction.
      if (codes[1] === 'ConditionalCheckFailed') return 'duplicate';
      if (codes[0] === 'ConditionalCheckFailed' || codes.includes('TransactionConflict')) return 'retry';
      const firstUpdate = 2 + (change.entry ? 1 : 0);
      // Updates, then deletes, then puts: `refused` indexes them in that order.
      const updateCodes = codes.slice(firstUpdate, firstUpdate + (change.updates?.length ?? 0) + (change.deletes?.length ?? 0) + (change.puts?.length ?? 0));
      const refused = updateCodes.flatMap((code, index) => (code === 'ConditionalCheckFailed' ? [index] : []));
      if (refused.length > 0) throw new WalletUpdateRefused(refused);
    }
    throw error;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The meter's money of a Beijing day, kept by every posting that is not a
 * charge (charges are in the usage aggregates): per kind a count and a sum
 * of fen (`n_recharge`, `fen_recharge`), and per kind and method
 * (`n_recharge_cash`, `fen_recharge_wechat_pay`). The estate overview adds
 * these up instead of reading ledgers.
 */
function moneyDayUpdate(wallet: Wallet, entry: Item): ItemUpdate {
  return {
    Key: keys.moneyDay(wallet.meterId, beijingDate(new Date(String(entry.at)))),
    ...addExpression(moneyParts(entry, wallet.utility), { entity: 'money-day', meterId: wallet.meterId }),
  };
}

/** A conditional update that rode along with a wallet operation was refused: nothing was written. */
export class WalletUpdateRefused extends AppError {
  /** Which of the change's `updates`, then `deletes`, then `puts` (by index, in that order), failed their condition. */
  readonly refused: readonly number[];

  constructor(refused: readonly number[] = []) {
    super('wallet.update_refused', 409, 'The operation conflicts with the current state; nothing was written');
    this.refused = refused;
  }
}
