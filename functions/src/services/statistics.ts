import { AppError, type IncomeItem, type IncomeQuery, type List, type StatisticsFigures, type StatisticsQuery, type StatisticsView } from '@prepaid/shared';
import type { Deps } from '../deps';
import type { Principal } from '../http/types';
import { monthsBetween } from '../store/statistics';
import { beijingDayEnd, beijingDayStart } from '../platform/beijing-time';
import { buildingsFor } from './estate';

type StatsDeps = Pick<Deps, 'store'>;
type Counters = Readonly<Record<string, number>>;

/** How much of a day (`YYYY-MM-DD`) names the period of a grain. */
const PERIOD_LENGTH = { day: 10, month: 7, year: 4 } as const;

/** The figures of a set of counters (a period's, a building's or the span's): magnitudes, by channel and utility. */
export function figuresOf(counters: Counters): StatisticsFigures {
  const at = (name: string) => counters[name] ?? 0;
  const pair = (kind: string, method?: string, sign = 1) => {
    const suffix = method ? `${kind}_${method}` : kind;
    // `0 - x`, not `-x`: a magnitude of nothing is 0, never -0.
    return { count: at(`n_${suffix}`), fen: sign < 0 ? 0 - at(`fen_${suffix}`) : at(`fen_${suffix}`) };
  };
  const recharge = pair('recharge');
  const refund = pair('refund', undefined, -1);
  const utility = (name: 'electricity' | 'water') => ({ quantity: at(`q_${name}`), fen: 0 - at(`fen_charge_${name}`), charges: at(`n_charge_${name}`) });
  return {
    recharge: { ...recharge, byChannel: { wechat: pair('recharge', 'wechat_pay'), cash: pair('recharge', 'cash'), bank_transfer: pair('recharge', 'bank_transfer') } },
    refund: { ...refund, byMethod: { wechat: pair('refund', 'wechat', -1), cash: pair('refund', 'cash', -1) } },
    adjustment: pair('adjustment'),
    reversal: pair('reversal'),
    consumption: { electricity: utility('electricity'), water: utility('water') },
    // A WeChat refund that failed came back to the wallet (a reversal): it did not leave after all.
    netIncomeFen: recharge.fen - refund.fen + at('fen_reversal'),
  };
}

function addInto(sum: Record<string, number>, counters: Counters): void {
  for (const [name, value] of Object.entries(counters)) sum[name] = (sum[name] ?? 0) + value;
}

/** Every period of `grain` the Beijing days `from`..`to` touch, in order (a month or year counts only the days asked for). */
export function periodsOf(grain: StatisticsQuery['grain'], from: string, to: string): string[] {
  if (grain === 'year') return Array.from({ length: Number(to.slice(0, 4)) - Number(from.slice(0, 4)) + 1 }, (_, i) => String(Number(from.slice(0, 4)) + i));
  if (grain === 'month') return monthsBetween(from, to);
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/**
 * `GET /v1/admin/statistics`: recharges, refunds and consumption of the
 * caller's buildings (or the one named; 404 outside them) by period, by
 * building and in all, from the statistics items every posting adds to —
 * one Query per building, whatever the span.
 */
export async function statistics(deps: StatsDeps, principal: Principal, query: StatisticsQuery): Promise<StatisticsView> {
  const buildings = await buildingsFor(deps.store, principal, query.buildingId);
  const periods = periodsOf(query.grain, query.from, query.to);
  const read = await Promise.all(buildings.map((building) => deps.store.statistics.periods(building.id, query.from, query.to, PERIOD_LENGTH[query.grain])));
  const byPeriod = new Map(periods.map((period) => [period, {} as Record<string, number>]));
  const total: Record<string, number> = {};
  const perBuilding = buildings.map((building, index) => {
    const sum: Record<string, number> = {};
    for (const [period, counters] of read[index]!) {
      const bucket = byPeriod.get(period);
      if (!bucket) continue;
      addInto(bucket, counters);
      addInto(sum, counters);
    }
    addInto(total, sum);
    return { buildingId: building.id, name: building.name, ...figuresOf(sum) };
  });
  return {
    grain: query.grain,
    from: query.from,
    to: query.to,
    totals: figuresOf(total),
    series: [...byPeriod].map(([period, counters]) => ({ period, ...figuresOf(counters) })),
    buildings: perBuilding,
  };
}

interface IncomeCursor {
  /** Index of the building (in id order) and of the month, and the last sort key read there. */
  readonly b: number;
  readonly m: number;
  readonly k: string;
}

/** A cursor of this list, for this span: positions inside it and a last key read inside the span (else a 400, never a query DynamoDB refuses). */
function decodeIncomeCursor(cursor: string | undefined, buildings: number, months: number, range: { fromIso: string; toIso: string }): IncomeCursor | undefined {
  if (cursor === undefined) return undefined;
  const invalid = new AppError('request.invalid_cursor', 400, 'The cursor is not valid for this list', { details: { field: 'query.cursor' } });
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  const fits =
    typeof value === 'object' && value !== null &&
    Number.isInteger((value as IncomeCursor).b) && (value as IncomeCursor).b >= 0 && (value as IncomeCursor).b < buildings &&
    Number.isInteger((value as IncomeCursor).m) && (value as IncomeCursor).m >= 0 && (value as IncomeCursor).m < months &&
    typeof (value as IncomeCursor).k === 'string' && (value as IncomeCursor).k.length <= 200 &&
    (value as IncomeCursor).k >= range.fromIso && (value as IncomeCursor).k < range.toIso;
  if (!fits) throw invalid;
  return value as IncomeCursor;
}

/**
 * `GET /v1/admin/statistics/income`: the money entries (recharges, refunds,
 * adjustments, reversals) of the span with who recorded them, building by
 * building (id order), oldest first within each — read from the money part
 * of the ledger's building-month index, never from charges.
 */
export async function income(deps: StatsDeps, principal: Principal, query: IncomeQuery): Promise<List<IncomeItem>> {
  const buildings = (await buildingsFor(deps.store, principal, query.buildingId)).map((building) => building.id).sort();
  const months = monthsBetween(query.from, query.to);
  const range = { fromIso: beijingDayStart(query.from), toIso: beijingDayEnd(query.to) };
  const start = decodeIncomeCursor(query.cursor, buildings.length, months.length, range);
  const found: { item: Omit<IncomeItem, 'room'>; at: IncomeCursor }[] = [];
  let more = false;
  outer: for (let b = start?.b ?? 0; b < buildings.length; b++) {
    for (let m = b === start?.b ? start.m : 0; m < months.length; m++) {
      const after = start && b === start.b && m === start.m ? start.k : undefined;
      for await (const { entry, sortKey } of deps.store.statistics.ledgerOfMonth(buildings[b]!, months[m]!, 'MONEY', { ...range, ...(after ? { after } : {}), pageSize: query.limit + 1 })) {
        if (entry.kind === 'charge' || (query.kind && entry.kind !== query.kind)) continue;
        if (found.length === query.limit) {
          more = true;
          break outer;
        }
        found.push({
          item: {
            entryId: entry.id,
            at: entry.at,
            buildingId: buildings[b]!,
            meterId: entry.meterId,
            kind: entry.kind,
            method: entry.method ?? null,
            amountFen: entry.amountFen,
            operator: entry.operator ?? null,
            reason: entry.reason ?? null,
            reference: entry.reference ?? null,
          },
          at: { b, m, k: sortKey },
        });
      }
    }
  }
  const meters = await deps.store.meters.views([...new Set(found.map(({ item }) => item.meterId))]);
  const rooms = new Map(meters.map((meter) => [meter.id, meter.room]));
  const last = found.at(-1);
  return {
    items: found.map(({ item }) => ({ ...item, room: rooms.get(item.meterId) ?? null })),
    next: more && last ? Buffer.from(JSON.stringify(last.at)).toString('base64url') : null,
  };
}
