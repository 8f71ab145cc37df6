import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { toBeijingWallClock } from '../platform/beijing-time';
import type { TableRef } from './client';
import { keys } from './keys';
import type { ItemUpdate } from './wallets';

const pad = (n: number) => String(n).padStart(2, '0');

/** Usage of a meter over one Beijing day or month: totals, and the parts by hour (of a day) or by day (of a month). */
export interface UsageBuckets {
  readonly quantity: number;
  readonly costMicroFen: number;
  /** Index 0..23 (hours of a day) or 0..30 (days 1..31 of a month). */
  readonly parts: readonly { quantity: number; costMicroFen: number }[];
}

/**
 * The usage aggregates of a meter (meter × Beijing day with its 24 hours,
 * meter × Beijing month with its days), kept by the posting transaction
 * itself so charts never scan readings. Quantities are base units (Wh, L),
 * costs exact micro-fen; both are integers, added with DynamoDB's `ADD`.
 */
export function createUsageRepository(table: TableRef) {
  const T = table.tableName;
  const read = (item: Record<string, unknown> | undefined, prefix: 'h' | 'd', count: number): UsageBuckets => ({
    quantity: Number(item?.q ?? 0),
    costMicroFen: Number(item?.c ?? 0),
    parts: Array.from({ length: count }, (_, i) => {
      const key = prefix === 'h' ? pad(i) : pad(i + 1);
      return { quantity: Number(item?.[`q${key}`] ?? 0), costMicroFen: Number(item?.[`c${key}`] ?? 0) };
    }),
  });
  return {
    /** The two updates that add a charge's consumption to its day (and hour) and month (and day), riding in the posting's transaction. */
    addUpdates(meterId: string, at: Date, quantity: number, costMicroFen: number): ItemUpdate[] {
      const local = toBeijingWallClock(at).toISOString();
      const [day, month, hour, dayOfMonth] = [local.slice(0, 10), local.slice(0, 7), local.slice(11, 13), local.slice(8, 10)];
      const add = (part: string) => ({
        UpdateExpression: `SET entity = :entity ADD q :q, c :c, q${part} :q, c${part} :c`,
        ExpressionAttributeValues: { ':entity': 'usage', ':q': quantity, ':c': costMicroFen },
      });
      return [
        { Key: keys.usageDay(meterId, day), ...add(hour) },
        { Key: keys.usageMonth(meterId, month), ...add(dayOfMonth) },
      ];
    },

    /** One Beijing day (`YYYY-MM-DD`) by hour. */
    async day(meterId: string, day: string): Promise<UsageBuckets> {
      const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: keys.usageDay(meterId, day) }));
      return read(Item, 'h', 24);
    },

    /** Beijing days from `fromDay` to `toDay` (inclusive), by day: one Query whatever the span. */
    async days(meterId: string, fromDay: string, toDay: string): Promise<{ day: string; usage: UsageBuckets }[]> {
      return rangeOf(table, meterId, `USAGE#D#${fromDay}`, `USAGE#D#${toDay}`, (item) => ({ day: String(item.SK).slice('USAGE#D#'.length), usage: read(item, 'h', 24) }));
    },

    /** Beijing months from `fromMonth` to `toMonth` (`YYYY-MM`, inclusive). */
    async months(meterId: string, fromMonth: string, toMonth: string): Promise<{ month: string; usage: UsageBuckets }[]> {
      return rangeOf(table, meterId, `USAGE#M#${fromMonth}`, `USAGE#M#${toMonth}`, (item) => ({ month: String(item.SK).slice('USAGE#M#'.length), usage: read(item, 'd', 31) }));
    },
  };
}

async function rangeOf<T>(table: TableRef, meterId: string, fromSk: string, toSk: string, map: (item: Record<string, unknown>) => T): Promise<T[]> {
  const out: T[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': keys.meterPartition(meterId), ':from': fromSk, ':to': toSk },
        ExclusiveStartKey: cursor,
      }),
    );
    out.push(...(page.Items ?? []).map(map));
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return out;
}

export type UsageRepository = ReturnType<typeof createUsageRepository>;
