import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { AppError, meterPointKey } from '@prepaid/shared';
import * as z from 'zod';
import { queryAll } from './batch';
import type { TableRef } from './client';
import { keys } from './keys';
import { getMeter, MeterRecord } from './meter-record';
import { createMeterUpdates } from './meter-updates';
import { createMeterSupply } from './meter-supply';
import { createMeterPurchases } from './meter-purchases';
import { loadMeterState } from './meter-state';
import { createMeterViews } from './meter-views';

export { getMeter, MeterRecord };

/** A meter on a device of several metering points, as its claim names it. */
export interface DevicePoint {
  readonly meterId: string;
  readonly protocol: MeterRecord['protocol'];
}

/** What a platform device is: one meter, or metering points by address (circuits of a terminal, meters behind a gateway). */
export type DeviceMeters = { readonly kind: 'single'; readonly meterId: string } | { readonly kind: 'multi'; readonly points: ReadonlyMap<string, DevicePoint> };

const PointClaim = z.object({ SK: z.string().startsWith('POINT#'), meterId: z.string(), protocol: MeterRecord.shape.protocol });

/** A meter that is one point of a device of several: a circuit, or a meter behind one of our gateways. */
export const isMultiPoint = (meter: Pick<MeterRecord, 'circuit' | 'platform'>): boolean => meter.circuit !== null || meter.platform === 'gateway';

/** Meters: records and claims (this file), views and bindings (meter-views.ts), lookups and updates (meter-updates.ts). */
export function createMeterRepository(table: TableRef) {
  const T = table.tableName;
  const devicePartition = async (platform: string, deviceId: string): Promise<DeviceMeters | null> => {
    const items = await queryAll(table, { KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': keys.device(platform, deviceId).PK } });
    const head = items.find((item) => item['SK'] === 'DEVICE');
    if (!head) return null;
    if (typeof head['meterId'] === 'string') return { kind: 'single', meterId: head['meterId'] };
    const points = new Map<string, DevicePoint>();
    for (const item of items) {
      const point = PointClaim.safeParse(item);
      if (point.success) points.set(point.data.SK.slice('POINT#'.length), { meterId: point.data.meterId, protocol: point.data.protocol });
    }
    return { kind: 'multi', points };
  };
  return {
    get: (meterId: string) => getMeter(table, meterId),
    /** The meter's record, wallet and open alarms in one Query (what a push is decided on). */
    loadState: (meterId: string) => loadMeterState(table, meterId),
    ...createMeterViews(table),
    ...createMeterUpdates(table),
    ...createMeterSupply(table),
    ...createMeterPurchases(table),

    /**
     * Creates a meter, its wallet at 0 and its claim on its device in one
     * transaction. A device of one meter is claimed whole (and its IMEI); a
     * meter on a multi-point device (a circuit of a terminal, a meter behind a
     * gateway) claims its address on the device, and the device is marked as
     * holding points, so neither kind can take the other's device. 409 when
     * the meter id, the device, the address or the IMEI is taken.
     */
    async create(meter: MeterRecord): Promise<void> {
      const record = MeterRecord.parse(meter);
      const put = (key: { PK: string; SK: string }, entity: string, extra: Record<string, unknown> = {}) => ({
        Put: { TableName: T, Item: { ...key, entity, meterId: record.id, ...extra }, ConditionExpression: 'attribute_not_exists(PK)' },
      });
      const device = `${record.platform}/${record.deviceId}`;
      const multi = isMultiPoint(record);
      const point = meterPointKey(record.address);
      const claims: Array<{ item: object; refusal: AppError | null }> = [
        { item: put(keys.meter(record.id, record.buildingId), 'meter'), refusal: new AppError('meter.exists', 409, `Meter "${record.id}" already exists`) },
        { item: put(keys.wallet(record.id), 'wallet'), refusal: null },
      ];
      Object.assign((claims[0]!.item as { Put: { Item: object } }).Put.Item, record);
      Object.assign((claims[1]!.item as { Put: { Item: object } }).Put.Item, { balanceFen: 0, version: 0, remainderMicroFen: 0, lastReading: null, cycle: null, buildingId: record.buildingId, utility: record.utility });
      if (multi) {
        claims.push(
          {
            item: {
              Update: {
                TableName: T,
                Key: keys.device(record.platform, record.deviceId),
                UpdateExpression: 'SET entity = :entity, multiPoint = :true',
                ConditionExpression: 'attribute_not_exists(PK) OR multiPoint = :true',
                ExpressionAttributeValues: { ':entity': 'device', ':true': true },
              },
            },
            refusal: new AppError('meter.device_taken', 409, `Device ${device} is one meter's, not a device of circuits`),
          },
          {
            item: put(keys.devicePoint(record.platform, record.deviceId, point), 'device-point', { protocol: record.protocol }),
            refusal: new AppError('meter.address_taken', 409, `Address ${record.address} on device ${device} belongs to another meter`),
          },
        );
        if (record.imei) {
          claims.push({
            item: {
              Update: {
                TableName: T,
                Key: keys.imei(record.imei),
                UpdateExpression: 'SET entity = :entity, #platform = :platform, deviceId = :deviceId',
                ConditionExpression: 'attribute_not_exists(PK) OR (#platform = :platform AND deviceId = :deviceId)',
                ExpressionAttributeNames: { '#platform': 'platform' },
                ExpressionAttributeValues: { ':entity': 'imei', ':platform': record.platform, ':deviceId': record.deviceId },
              },
            },
            refusal: new AppError('meter.imei_taken', 409, `IMEI ${record.imei} belongs to another device`),
          });
        }
      } else {
        claims.push({ item: put(keys.device(record.platform, record.deviceId), 'device'), refusal: new AppError('meter.device_taken', 409, `Device ${device} belongs to another meter`) });
        if (record.imei) claims.push({ item: put(keys.imei(record.imei), 'imei'), refusal: new AppError('meter.imei_taken', 409, `IMEI ${record.imei} belongs to another meter`) });
      }
      try {
        await table.doc.send(new TransactWriteCommand({ TransactItems: claims.map((claim) => claim.item) as never }));
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const refused = (error.CancellationReasons ?? []).findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
        const refusal = claims[refused]?.refusal;
        if (refusal) throw refusal;
        throw error;
      }
    },

    /**
     * The meter's new communication address (a replacement). A meter that is
     * a point of its device moves its claim with it, in one transaction: 409
     * `meter.address_taken` when another meter of the device holds the new address.
     */
    async setAddress(meter: MeterRecord, address: string): Promise<void> {
      const update = { Update: { TableName: T, Key: keys.meterKey(meter.id), UpdateExpression: 'SET #address = :address', ConditionExpression: 'attribute_exists(PK)', ExpressionAttributeNames: { '#address': 'address' }, ExpressionAttributeValues: { ':address': address } } };
      const [from, to] = [meterPointKey(meter.address), meterPointKey(address)];
      const move =
        isMultiPoint(meter) && from !== to
          ? [
              { Delete: { TableName: T, Key: keys.devicePoint(meter.platform, meter.deviceId, from), ConditionExpression: 'meterId = :meterId', ExpressionAttributeValues: { ':meterId': meter.id } } },
              { Put: { TableName: T, Item: { ...keys.devicePoint(meter.platform, meter.deviceId, to), entity: 'device-point', meterId: meter.id, protocol: meter.protocol }, ConditionExpression: 'attribute_not_exists(PK)' } },
            ]
          : [];
      try {
        await table.doc.send(new TransactWriteCommand({ TransactItems: [update, ...move] as never }));
      } catch (error) {
        if (error instanceof TransactionCanceledException && error.CancellationReasons?.[2]?.Code === 'ConditionalCheckFailed') {
          throw new AppError('meter.address_taken', 409, `Address ${address} on device ${meter.platform}/${meter.deviceId} belongs to another meter`);
        }
        throw error;
      }
    },

    /**
     * What a platform device (or, failing that, an IMEI) is: one meter, or
     * several metering points by address. One Query of the device's partition
     * (two reads when only the IMEI is known). Null for an unknown device.
     */
    async deviceOf(platform: string, deviceId: string, imei?: string): Promise<DeviceMeters | null> {
      const found = await devicePartition(platform, deviceId);
      if (found || !imei) return found;
      const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: keys.imei(imei) }));
      if (!Item) return null;
      const claim = z.object({ meterId: z.string().optional(), platform: z.string().optional(), deviceId: z.string().optional() }).parse(Item);
      if (claim.meterId) return { kind: 'single', meterId: claim.meterId };
      return claim.platform && claim.deviceId ? devicePartition(claim.platform, claim.deviceId) : null;
    },
  };
}

export type MeterRepository = ReturnType<typeof createMeterRepository>;
