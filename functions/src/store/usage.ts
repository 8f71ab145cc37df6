import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { toBeijingWallClock } from '../platform/beijing-time';
import { batchGetByKey } from './batch';
import type { TableRef } from './client';
import { keys } from './keys';
import { meterRange } from './meter-range';
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
    /**
     * The updates that add consumption to the days (and hours) and months (and
     * days) it belongs to, riding in the posting's transaction: one update per
     * day item and per month item touched (a transaction may write an item
     * once), each adding to its total and its parts. A delta may be negative
     * (a later reading gave up part of its interval to a reading placed before it).
     */
    addUpdates(meterId: string, deltas: readonly { readonly at: Date; readonly quantity: number; readonly costMicroFen: number }[]): ItemUpdate[] {
      const items = new Map<string, { key: { PK: string; SK: string }; parts: Map<string, { q: number; c: number }> }>();
      const add = (key: { PK: string; SK: string }, part: string, quantity: number, cost: number) => {
        const item = items.get(key.SK) ?? { key, parts: new Map() };
        items.set(key.SK, item);
        const sum = item.parts.get(part) ?? { q: 0, c: 0 };
        item.parts.set(part, { q: sum.q + quantity, c: sum.c + cost });
      };
      for (const delta of deltas) {
        const local = toBeijingWallClock(delta.at).toISOString();
        add(keys.usageDay(meterId, local.slice(0, 10)), local.slice(11, 13), delta.quantity, delta.costMicroFen);
        add(keys.usageMonth(meterId, local.slice(0, 7)), local.slice(8, 10), delta.quantity, delta.costMicroFen);
      }
      return [...items.values()].flatMap(({ key, parts }) => {
        const all = [...parts.entries()].filter(([, sum]) => sum.q !== 0 || sum.c !== 0);
        if (all.length === 0) return [];
        const total = all.reduce((sum, [, part]) => ({ q: sum.q + part.q, c: sum.c + part.c }), { q: 0, c: 0 });
        const values: Record<string, unknown> = { ':entity': 'usage', ':q': total.q, ':c': total.c };
        all.forEach(([, part], i) => Object.assign(values, { [`:q${i}`]: part.q, [`:c${i}`]: part.c }));
        return [{
          Key: key,
          UpdateExpression: `SET entity = :entity ADD q :q, c :c, ${all.map(([name], i) => `q${name} :q${i}, c${name} :c${i}`).join(', ')}`,
          ExpressionAttributeValues: values,
        }];
      });
    },

    /** The day's totals of many meters (quantity in base units, cost in micro-fen); a meter with no usage that day is absent. */
    async dayTotals(meterIds: readonly string[], day: string): Promise<Map<string, { quantity: number; costMicroFen: number }>> {
      const found = await batchGetByKey(table, meterIds.map((id) => keys.usageDay(id, day)));
      return new Map([...found.values()].map((item) => [String(item.PK).slice('METER#'.length), { quantity: Number(item.q ?? 0), costMicroFen: Number(item.c ?? 0) }]));
    },

    /** The day's money of many meters (counts and fen per kind and method, see wallets.ts); a meter with none that day is absent. */
    async moneyOfDay(meterIds: readonly string[], day: string): Promise<Map<string, Record<string, number>>> {
      const found = await batchGetByKey(table, meterIds.map((id) => keys.moneyDay(id, day)));
      return new Map(
        [...found.values()].map((item) => [
          String(item.PK).slice('METER#'.length),
          Object.fromEntries(Object.entries(item).filter(([name, value]) => /^(n|fen)_/.test(name) && typeof value === 'number')) as Record<string, number>,
        ]),
      );
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
  for await (const item of meterRange(table, meterId, { low: fromSk, high: toSk })) out.push(map(item));
  return out;
}

export type UsageRepository = ReturnType<typeof createUsageRepository>;
