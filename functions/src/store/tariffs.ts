import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { AppError, parseTariff, type Tariff, type TariffVersion } from '@prepaid/shared';
import * as z from 'zod';
import { queryAll } from './batch';
import type { TableRef } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import { GSI1, keys } from './keys';

export const TariffRecord = z.object({
  id: z.string(),
  name: z.string(),
  utility: z.enum(['electricity', 'water']),
  kind: z.enum(['flat', 'tiered', 'tou']),
  createdAt: z.string(),
});
export type TariffRecord = z.infer<typeof TariffRecord>;

const VersionItem = z.object({ effectiveFrom: z.string(), definition: z.unknown(), createdAt: z.string() });

export interface StoredTariffVersion extends TariffVersion {
  readonly createdAt: string;
}

/** The put of one version, only if no version starts at that instant. */
function versionPutItem(T: string, id: string, tariff: Tariff, effectiveFrom: string, createdAt: string) {
  return {
    Put: {
      TableName: T,
      Item: { ...keys.tariffVersion(id, effectiveFrom), entity: 'tariffVersion', tariffId: id, effectiveFrom, definition: tariff, createdAt },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/** Tariffs and their effective-dated versions: a price change is a new version, never an edit. */
export function createTariffRepository(table: TableRef) {
  const T = table.tableName;
  const versionPut = (id: string, tariff: Tariff, effectiveFrom: string, createdAt: string) => versionPutItem(T, id, tariff, effectiveFrom, createdAt);
  return {
    /** Creates a tariff with its first version; 409 when the id is taken. */
    create: (record: TariffRecord, tariff: Tariff, effectiveFrom: string) => createTariffItems(table, record, tariff, effectiveFrom),


    /** Adds a version taking effect at `effectiveFrom`; 409 if one already starts then. */
    async addVersion(id: string, tariff: Tariff, effectiveFrom: string, createdAt: string): Promise<void> {
      try {
        await table.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { ConditionCheck: { TableName: T, Key: keys.tariff(id), ConditionExpression: 'attribute_exists(PK)' } },
              versionPut(id, tariff, effectiveFrom, createdAt),
            ],
          }),
        );
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const [exists] = error.CancellationReasons ?? [];
        if (exists?.Code === 'ConditionalCheckFailed') throw new AppError('tariff.not_found', 404, `No tariff "${id}"`);
        throw new AppError('tariff.version_exists', 409, `A version of "${id}" already takes effect at ${effectiveFrom}`);
      }
    },

    async get(id: string): Promise<TariffRecord | null> {
      const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: keys.tariff(id) }));
      return Item ? TariffRecord.parse(Item) : null;
    },

    /** Every version of a tariff, oldest first. */
    async versions(id: string): Promise<StoredTariffVersion[]> {
      const items = await queryAll(table, {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': keys.tariff(id).PK, ':sk': keys.tariffVersionPrefix },
      });
      return items.map((item) => {
        const version = VersionItem.parse(item);
        return { effectiveFrom: new Date(version.effectiveFrom), tariff: parseTariff(version.definition), createdAt: version.createdAt };
      });
    },

    async list(options: { limit: number; cursor?: string }): Promise<{ items: TariffRecord[]; next: string | null }> {
      const out = await table.doc.send(
        new QueryCommand({
          TableName: T,
          IndexName: GSI1,
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': 'TARIFFS' },
          Limit: options.limit,
          ExclusiveStartKey: decodeCursor(options.cursor, { equals: { GSI1PK: 'TARIFFS' }, prefixes: { GSI1SK: 'TARIFF#', PK: 'TARIFF#', SK: 'TARIFF' } }),
        }),
      );
      return { items: (out.Items ?? []).map((item) => TariffRecord.parse(item)), next: encodeCursor(out.LastEvaluatedKey) };
    },
  };
}

export type TariffRepository = ReturnType<typeof createTariffRepository>;

/** Creates a tariff with its first version; 409 when the id is taken. */
async function createTariffItems(table: TableRef, record: TariffRecord, tariff: Tariff, effectiveFrom: string): Promise<void> {
  const T = table.tableName;
  try {
    await table.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: T,
              Item: { ...keys.tariff(record.id), ...keys.tariffIndex(record.id), entity: 'tariff', ...record },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          versionPutItem(T, record.id, tariff, effectiveFrom, record.createdAt),
        ],
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException) throw new AppError('tariff.exists', 409, `Tariff "${record.id}" already exists`);
    throw error;
  }
}
