import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from './client';
import { GSI3, keys, meterShardOf, STATS_SHARDS } from './keys';
import { LedgerEntry } from './ledger';
import { beijingDate } from '../platform/beijing-time';
import type { ItemUpdate } from './wallets';

type Item = Record<string, unknown>;

/** Where a wallet's postings count: its meter's building and utility (null: a meter of no building counts nowhere). */
export interface StatsSource {
  readonly meterId: string;
  readonly buildingId: string | null;
  readonly utility: 'electricity' | 'water' | null;
}

/**
 * The counters one ledger entry adds: per kind a count and signed fen
 * (`n_recharge`, `fen_recharge`), and per kind and method
 * (`n_recharge_cash`, `fen_refund_wechat`); a charge's "method" is its
 * meter's utility (`fen_charge_water`). Names are checked, so an attribute
 * name never comes from outside unchecked.
 */
export function moneyParts(entry: Item, utility: StatsSource['utility']): Record<string, number> {
  const kind = String(entry.kind);
  if (!/^[a-z]{1,16}$/.test(kind)) throw new TypeError(`a ledger entry's kind is a word, not "${kind}"`);
  const amountFen = entry.amountFen;
  if (typeof amountFen !== 'number' || !Number.isSafeInteger(amountFen)) throw new TypeError('a ledger entry carries integer fen');
  const method = kind === 'charge' ? utility : typeof entry.method === 'string' && /^[a-z_]{1,24}$/.test(entry.method) ? entry.method : null;
  return { [`n_${kind}`]: 1, [`fen_${kind}`]: amountFen, ...(method ? { [`n_${kind}_${method}`]: 1, [`fen_${kind}_${method}`]: amountFen } : {}) };
}

/** `ADD a :v0, b :v1` for a set of counters (with `SET` of the fixed fields first). */
export function addExpression(counters: Record<string, number>, set: Record<string, unknown>): Pick<ItemUpdate, 'UpdateExpression' | 'ExpressionAttributeValues' | 'ExpressionAttributeNames'> {
  const names = Object.keys(counters);
  const sets = Object.keys(set);
  return {
    // Fixed fields by placeholder (`day` is a DynamoDB reserved word); counters are `n_…`/`fen_…`/`q_…`, never reserved.
    UpdateExpression: `SET ${sets.map((_, i) => `#s${i} = :s${i}`).join(', ')} ADD ${names.map((name, i) => `${name} :a${i}`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(sets.map((name, i) => [`#s${i}`, name])),
    ExpressionAttributeValues: {
      ...Object.fromEntries(sets.map((name, i) => [`:s${i}`, set[name]])),
      ...Object.fromEntries(names.map((name, i) => [`:a${i}`, counters[name]])),
    },
  };
}

/**
 * The building statistics a posting adds, riding in its transaction: the
 * entry's money and the reading's consumption (`q_<utility>`, base units: Wh
 * or L), counted at the entry's instant (the ledger's own `at`, so a period's
 * statistics and its ledger agree) in that Beijing day, in the meter's shard:
 * one more write per posting. Months and years are the sum of their days when
 * read (a year of a building is ~365 × STATS_SHARDS small items: one Query of
 * a page or two), cheaper than two more writes on every reading.
 */
export function statsUpdates(source: StatsSource, entry: Item | undefined, consumption: { readonly at: string; readonly quantity: number } | undefined): ItemUpdate[] {
  if (!source.buildingId) return [];
  const byDay = new Map<string, Record<string, number>>();
  const add = (atIso: string, counters: Record<string, number>) => {
    const day = beijingDate(new Date(atIso));
    const sum = byDay.get(day) ?? {};
    for (const [name, value] of Object.entries(counters)) sum[name] = (sum[name] ?? 0) + value;
    byDay.set(day, sum);
  };
  if (entry) add(String(entry.at), moneyParts(entry, source.utility));
  if (consumption && consumption.quantity !== 0 && source.utility) add(consumption.at, { [`q_${source.utility}`]: consumption.quantity });
  const shard = meterShardOf(source.meterId) % STATS_SHARDS;
  return [...byDay].map(([day, counters]) => ({
    Key: keys.stats(source.buildingId!, day, shard),
    ...addExpression(counters, { entity: 'stats', buildingId: source.buildingId, day }),
  }));
}

/** The GSI3 keys of a ledger entry (see keys.ts): none for a meter of no building. */
export function ledgerIndexOf(source: StatsSource, entry: Item, seq: number): Record<string, string> {
  if (!source.buildingId) return {};
  const at = String(entry.at);
  return keys.ledgerMonthIndex(source.buildingId, beijingDate(new Date(at)).slice(0, 7), entry.kind === 'charge' ? 'CHARGE' : 'MONEY', at, source.meterId, seq);
}

/** The first and last Beijing months (`YYYY-MM`) a range of Beijing days touches, in order. */
export function monthsBetween(fromDay: string, toDay: string): string[] {
  const out: string[] = [];
  let [year, month] = [Number(fromDay.slice(0, 4)), Number(fromDay.slice(5, 7))];
  const last = toDay.slice(0, 7);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > last) break;
    out.push(key);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return out;
}

/** A building's statistics items, read by period (shards summed), and its ledger by month. */
export function createStatisticsRepository(table: TableRef) {
  const T = table.tableName;
  return {
    /**
     * The counters of each period (a Beijing day `YYYY-MM-DD`, or its first
     * `periodLength` characters: `YYYY-MM`, `YYYY`) of the days `fromDay`..`toDay`
     * of one building: one Query of its day items (paged), shards added up.
     * A period with nothing is absent.
     */
    async periods(buildingId: string, fromDay: string, toDay: string, periodLength: 4 | 7 | 10): Promise<Map<string, Record<string, number>>> {
      const out = new Map<string, Record<string, number>>();
      let cursor: Item | undefined;
      do {
        const page = await table.doc.send(
          new QueryCommand({
            TableName: T,
            KeyConditionExpression: 'PK = :pk AND SK BETWEEN :low AND :high',
            ExpressionAttributeValues: { ':pk': keys.statsPartition(buildingId), ':low': `D#${fromDay}#`, ':high': `D#${toDay}#~` },
            ExclusiveStartKey: cursor,
          }),
        );
        for (const item of page.Items ?? []) {
          const period = String(item.day).slice(0, periodLength);
          const sum = out.get(period) ?? {};
          for (const [name, value] of Object.entries(item)) {
            if (typeof value === 'number' && /^(n|fen|q)_/.test(name)) sum[name] = (sum[name] ?? 0) + value;
          }
          out.set(period, sum);
        }
        cursor = page.LastEvaluatedKey;
      } while (cursor);
      return out;
    },

    /**
     * A building's ledger entries of one Beijing month, money or charges, from
     * `fromIso` to `toIso` (exclusive), oldest first, page by page as they are
     * read (`after`: resume past this GSI3 sort key).
     */
    async *ledgerOfMonth(
      buildingId: string,
      month: string,
      part: 'MONEY' | 'CHARGE',
      range: { fromIso: string; toIso: string; after?: string; pageSize?: number },
    ): AsyncGenerator<{ entry: LedgerEntry; sortKey: string }> {
      let cursor: Item | undefined;
      do {
        const page = await table.doc.send(
          new QueryCommand({
            TableName: T,
            IndexName: GSI3,
            KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK BETWEEN :low AND :high',
            ExpressionAttributeValues: {
              ':pk': keys.ledgerMonthPartition(buildingId, month, part),
              ':low': range.after && range.after > range.fromIso ? range.after : range.fromIso,
              ':high': range.toIso,
            },
            ...(range.pageSize ? { Limit: range.pageSize } : {}),
            ExclusiveStartKey: cursor,
          }),
        );
        for (const item of page.Items ?? []) {
          if (item.GSI3SK !== range.after) yield { entry: LedgerEntry.parse(item), sortKey: String(item.GSI3SK) };
        }
        cursor = page.LastEvaluatedKey;
      } while (cursor);
    },
  };
}

export type StatisticsRepository = ReturnType<typeof createStatisticsRepository>;
