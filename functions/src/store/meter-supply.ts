import { TransactGetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AppError } from '@prepaid/shared';
import * as z from 'zod';
import type { TableRef } from './client';
import { keys } from './keys';
import { MeterRecord } from './meter-record';
import type { ItemUpdate } from './wallets';

/** `supplyRevision` goes up by one with every write of a fact the supply rule reads on the meter item. */
export const BUMP_SUPPLY_REVISION = 'supplyRevision = if_not_exists(supplyRevision, :zeroRevision) + :oneRevision';
export const BUMP_SUPPLY_REVISION_VALUES = { ':zeroRevision': 0, ':oneRevision': 1 } as const;

/** What the supply rule is decided on: the meter (hold, keep-on, pending command, reported supply) and its balance, read together. */
export interface SupplySnapshot {
  readonly meter: MeterRecord;
  readonly balanceFen: number;
}

const Balance = z.object({ balanceFen: z.number().int() });

/** The supply side of a meter: reading its facts at one instant, and the manager's hold and keep-on. */
export function createMeterSupply(table: TableRef) {
  const T = table.tableName;

  async function update(meterId: string, expression: string, values: Record<string, unknown>, names?: Record<string, string>): Promise<void> {
    try {
      await table.doc.send(
        new UpdateCommand({
          TableName: T,
          Key: keys.meterKey(meterId),
          UpdateExpression: `${expression}, ${BUMP_SUPPLY_REVISION}`,
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ...values, ...BUMP_SUPPLY_REVISION_VALUES },
          ...(names ? { ExpressionAttributeNames: names } : {}),
        }),
      );
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') throw new AppError('meter.not_found', 404, `No meter "${meterId}"`);
      throw error;
    }
  }

  return {
    /** The meter and its balance as one consistent snapshot (one TransactGetItems). */
    async supplySnapshot(meterId: string): Promise<SupplySnapshot | null> {
      const out = await table.doc.send(
        new TransactGetCommand({ TransactItems: [{ Get: { TableName: T, Key: keys.meterKey(meterId) } }, { Get: { TableName: T, Key: keys.wallet(meterId) } }] }),
      );
      const [meterItem, walletItem] = [out.Responses?.[0]?.Item, out.Responses?.[1]?.Item];
      if (!meterItem || !walletItem) return null;
      return { meter: MeterRecord.parse(meterItem), balanceFen: Balance.parse(walletItem).balanceFen };
    },

    /** Puts a manager's hold on the supply (a manual cut), or lifts it (null). */
    setSupplyHold: (meterId: string, hold: { by: string; at: string; reason: string } | null) => update(meterId, 'SET supplyHold = :hold', { ':hold': hold }),

    /**
     * The one update of a meter's record a push may need, for the push's
     * transaction: its presence, and the supply command it queues, which
     * claims the meter's pending slot only while the supply revision is the
     * one the decision was made on.
     */
    pushUpdate(meterId: string, change: { heardAt?: string; pending?: { commandId: string; action: 'cut' | 'restore'; createdAt: string }; expectRevision?: number }): ItemUpdate {
      const sets: string[] = [];
      const values: Record<string, unknown> = {};
      const conditions = ['attribute_exists(PK)'];
      if (change.heardAt) {
        sets.push('#online = :online', 'lastReportAt = :heardAt');
        Object.assign(values, { ':online': true, ':heardAt': change.heardAt });
      }
      if (change.pending) {
        const revision = change.expectRevision ?? 0;
        sets.push('pendingSupply = :pending', 'supplyRevision = :nextRevision');
        Object.assign(values, { ':pending': change.pending, ':revision': revision, ':nextRevision': revision + 1 });
        // Revision 0 is also a meter written before revisions existed (no attribute at all).
        conditions.push(revision === 0 ? '(attribute_not_exists(supplyRevision) OR supplyRevision = :revision)' : 'supplyRevision = :revision');
      }
      return {
        Key: keys.meterKey(meterId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: conditions.join(' AND '),
        ...(change.heardAt ? { ExpressionAttributeNames: { '#online': 'online' } } : {}),
        ExpressionAttributeValues: values,
      };
    },

    /** Sets whether the meter may ever be cut for arrears. */
    setKeepOn: (meterId: string, keepOn: boolean) => update(meterId, 'SET keepOn = :keepOn', { ':keepOn': keepOn }),
  };
}
