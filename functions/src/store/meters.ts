import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { AppError } from '@prepaid/shared';
import type { TableRef } from './client';
import { keys } from './keys';
import { getMeter, MeterRecord } from './meter-record';
import { createMeterUpdates } from './meter-updates';
import { createMeterSupply } from './meter-supply';
import { loadMeterState } from './meter-state';
import { createMeterViews } from './meter-views';

export { getMeter, MeterRecord };

/** Meters: records and claims (this file), views and bindings (meter-views.ts), lookups and updates (meter-updates.ts). */
export function createMeterRepository(table: TableRef) {
  const T = table.tableName;
  return {
    get: (meterId: string) => getMeter(table, meterId),
    /** The meter's record, wallet and open alarms in one Query (what a push is decided on). */
    loadState: (meterId: string) => loadMeterState(table, meterId),
    ...createMeterViews(table),
    ...createMeterUpdates(table),
    ...createMeterSupply(table),

    /**
     * Creates a meter, its wallet at 0 and the claims on its platform device id
     * and IMEI in one transaction: 409 when the meter id, device or IMEI is taken.
     */
    async create(meter: MeterRecord): Promise<void> {
      const record = MeterRecord.parse(meter);
      const claim = (key: { PK: string; SK: string }, entity: string) => ({
        Put: { TableName: T, Item: { ...key, entity, meterId: record.id }, ConditionExpression: 'attribute_not_exists(PK)' },
      });
      const items = [
        claim(keys.meter(record.id, record.buildingId), 'meter'),
        claim(keys.wallet(record.id), 'wallet'),
        claim(keys.device(record.platform, record.deviceId), 'device'),
        ...(record.imei ? [claim(keys.imei(record.imei), 'imei')] : []),
      ];
      Object.assign(items[0]!.Put.Item, record);
      Object.assign(items[1]!.Put.Item, { balanceFen: 0, version: 0, remainderMicroFen: 0, lastReading: null, cycle: null, buildingId: record.buildingId, utility: record.utility });
      try {
        await table.doc.send(new TransactWriteCommand({ TransactItems: items }));
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = (error.CancellationReasons ?? []).map((reason) => reason.Code);
        if (reasons[0] === 'ConditionalCheckFailed') throw new AppError('meter.exists', 409, `Meter "${record.id}" already exists`);
        if (reasons[2] === 'ConditionalCheckFailed') {
          throw new AppError('meter.device_taken', 409, `Device ${record.platform}/${record.deviceId} belongs to another meter`);
        }
        if (reasons[3] === 'ConditionalCheckFailed') throw new AppError('meter.imei_taken', 409, `IMEI ${record.imei} belongs to another meter`);
        throw error;
      }
    },

  };
}

export type MeterRepository = ReturnType<typeof createMeterRepository>;
