import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactGetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { TableRef } from './client';
import { updateIf } from './conditional';
import { keys } from './keys';
import { MeterRecord } from './meter-record';
import { BUMP_SUPPLY_REVISION, BUMP_SUPPLY_REVISION_VALUES } from './meter-supply';

const Credited = z.object({ creditedFen: z.number().int().nonnegative().default(0), balanceFen: z.number().int() });

type Purchase = MeterRecord['purchase'];

/**
 * The condition that the meter's purchases are still exactly `previous` (its
 * count, total, and the replacement it counts from): a decision taken on an
 * older state — a purchase decided before a replacement — writes nothing.
 */
function unchangedPurchase(previous: Purchase) {
  const stored = Object.fromEntries(Object.entries(previous).filter(([, value]) => value !== undefined));
  const never = previous.count === 0 && previous.fen === 0 && previous.since === undefined;
  return {
    ConditionExpression: never ? 'attribute_exists(PK) AND (purchase = :previous OR attribute_not_exists(purchase))' : 'attribute_exists(PK) AND purchase = :previous',
    ExpressionAttributeValues: { ':previous': stored },
  };
}

/** Meter-side billing's writes on the meter item: the purchases issued to it, and what it says of itself. */
export function createMeterPurchases(table: TableRef) {
  const T = table.tableName;
  return {
    /** The meter, what its wallet was ever credited and what it holds, read together. */
    async purchaseSnapshot(meterId: string): Promise<{ meter: MeterRecord; creditedFen: number; balanceFen: number } | null> {
      const out = await table.doc.send(new TransactGetCommand({ TransactItems: [{ Get: { TableName: T, Key: keys.meterKey(meterId) } }, { Get: { TableName: T, Key: keys.wallet(meterId) } }] }));
      const [meterItem, walletItem] = [out.Responses?.[0]?.Item, out.Responses?.[1]?.Item];
      if (!meterItem || !walletItem) return null;
      const wallet = Credited.parse(walletItem);
      return { meter: MeterRecord.parse(meterItem), creditedFen: wallet.creditedFen, balanceFen: wallet.balanceFen };
    },

    /**
     * A new meter in place of one that kept its own balance: its purchases are
     * counted afresh from `restart.count` (0 for a new meter), and `restart.fen`
     * stands for everything the old one was sent or will never need, only if
     * the purchases are still those read (`previous`). Its reported state is
     * the old meter's: forgotten. False when another run issued a purchase first.
     */
    async restartPurchases(meterId: string, previous: Purchase, restart: Purchase): Promise<boolean> {
      const condition = unchangedPurchase(previous);
      return updateIf(table, {
        Key: keys.meterKey(meterId),
        UpdateExpression: `SET purchase = :restart, meterSide = :none, ${BUMP_SUPPLY_REVISION}`,
        ConditionExpression: condition.ConditionExpression,
        ExpressionAttributeValues: { ':restart': restart, ':none': null, ...condition.ExpressionAttributeValues, ...BUMP_SUPPLY_REVISION_VALUES },
      });
    },

    /**
     * Issues the next purchase: the meter's purchase count and total move on
     * and the purchase's command is queued, in one transaction, only if the
     * count is still the one it was decided on. False when another run issued it first.
     */
    async issuePurchase(meterId: string, previous: Purchase, next: Purchase, commandItem: Record<string, unknown>): Promise<boolean> {
      const condition = unchangedPurchase(previous);
      try {
        await table.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Update: { TableName: T, Key: keys.meterKey(meterId), UpdateExpression: 'SET purchase = :next', ConditionExpression: condition.ConditionExpression, ExpressionAttributeValues: { ':next': next, ...condition.ExpressionAttributeValues } } },
              { Put: { TableName: T, Item: commandItem, ConditionExpression: 'attribute_not_exists(PK)' } },
            ],
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof TransactionCanceledException) return false;
        throw error;
      }
    },

    /** Queues a parameters command and records what the meter should now hold, together. */
    async queueParameters(meterId: string, desired: { desired: Record<string, unknown>; commandId: string; at: string }, commandItem: Record<string, unknown>): Promise<void> {
      await table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: { TableName: T, Key: keys.meterKey(meterId), UpdateExpression: 'SET params = :desired', ConditionExpression: 'attribute_exists(PK)', ExpressionAttributeValues: { ':desired': desired } } },
            { Put: { TableName: T, Item: commandItem, ConditionExpression: 'attribute_not_exists(PK)' } },
          ],
        }),
      );
    },

    /** The parameters a meter reported holding. */
    async setReportedParams(meterId: string, reported: { held: Record<string, unknown>; at: string }): Promise<void> {
      await table.doc.send(
        new UpdateCommand({ TableName: T, Key: keys.meterKey(meterId), UpdateExpression: 'SET reportedParams = :reported', ConditionExpression: 'attribute_exists(PK)', ExpressionAttributeValues: { ':reported': reported } }),
      );
    },

    /** What a meter-side meter reported of itself (its supply follows it: a fact of the supply rule). */
    async setMeterSide(meterId: string, state: { purchaseCount: number; balanceFen: number; at: string }): Promise<void> {
      await table.doc.send(
        new UpdateCommand({
          TableName: T,
          Key: keys.meterKey(meterId),
          UpdateExpression: `SET meterSide = :state, ${BUMP_SUPPLY_REVISION}`,
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':state': state, ...BUMP_SUPPLY_REVISION_VALUES },
        }),
      );
    },
  };
}
