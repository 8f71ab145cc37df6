import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { StoredAlarm } from './alarms';
import type { TableRef } from './client';
import { keys } from './keys';
import { MeterRecord } from './meter-record';
import { WalletItem, type Wallet } from './wallets';

/** Everything a push is decided on: the meter's record, its wallet and its open alarms. */
export interface MeterState {
  readonly meter: MeterRecord;
  readonly wallet: Wallet;
  readonly openAlarms: readonly StoredAlarm[];
}

/**
 * Loads a meter's state with one strongly consistent Query: the record, the
 * wallet and the open alarms share the sort-key prefix `STATE#` (see keys).
 * Null for a meter that does not exist.
 */
export async function loadMeterState(table: TableRef, meterId: string): Promise<MeterState | null> {
  const out = await table.doc.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :state)',
      ExpressionAttributeValues: { ':pk': keys.meterPartition(meterId), ':state': keys.statePrefix },
      ConsistentRead: true,
    }),
  );
  const items = out.Items ?? [];
  const meterItem = items.find((item) => item.SK === keys.meterKey(meterId).SK);
  const walletItem = items.find((item) => item.SK === keys.wallet(meterId).SK);
  if (!meterItem || !walletItem) return null;
  return {
    meter: MeterRecord.parse(meterItem),
    wallet: WalletItem.parse(walletItem),
    openAlarms: items.filter((item) => String(item.SK).startsWith(keys.openAlarmPrefix)).map((item) => StoredAlarm.parse(item)),
  };
}
