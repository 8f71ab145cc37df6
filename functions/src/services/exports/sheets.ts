import { displayFenOf } from '@prepaid/shared';
import type { Deps } from '../../deps';
import { beijingDayEnd, beijingDayStart, toBeijingWallClock } from '../../platform/beijing-time';
import type { LedgerEntry, MeterRecord, StoredExport } from '../../store';
import { monthsBetween } from '../../store/statistics';

/**
 * A cell: text, an amount of integer fen (written as yuan with two
 * decimals), or a quantity of base units (Wh, L: written as kWh or m³ with
 * three decimals). Only the writers turn fen into yuan, from integers.
 */
export type Cell = string | null | { readonly fen: number } | { readonly milli: number };

export interface Column {
  readonly header: string;
  readonly type: 'text' | 'fen' | 'milli';
  readonly width: number;
}

/** One export's file: its columns, its rows as they are read, and which fen column its total is. */
export interface Sheet {
  readonly title: string;
  readonly columns: readonly Column[];
  /** The index of the amount column whose sum is the export's `totalFen`. */
  readonly totalColumn: number | null;
  readonly rows: AsyncIterable<readonly Cell[]>;
}

type SheetDeps = Pick<Deps, 'store'>;

const KIND_LABEL: Record<LedgerEntry['kind'], string> = { recharge: '充值', charge: '用量扣费', refund: '退款', adjustment: '调整', reversal: '退款失败退回' };
const METHOD_LABEL: Record<string, string> = { wechat_pay: '微信支付', cash: '现金', bank_transfer: '银行转账', wechat: '微信原路退回' };
const UTILITY_LABEL = { electricity: '电', water: '水' } as const;
const STATUS_LABEL = { open: '未处理', acknowledged: '已确认', cleared: '已恢复' } as const;

/** An instant as Beijing wall-clock time, `2026-12-01 08:00:00`. */
export const beijingTime = (iso: string): string => toBeijingWallClock(new Date(iso)).toISOString().slice(0, 19).replace('T', ' ');

const text = (value: string | null | undefined): Cell => value ?? null;

/** The meters of the export's buildings, in building then id order, with each building's name. */
async function metersOf(deps: SheetDeps, job: StoredExport): Promise<{ buildingId: string; name: string; meters: MeterRecord[] }[]> {
  const buildings = await deps.store.estate.buildings(job.buildings);
  const names = new Map(buildings.map((building) => [building.id, building.name]));
  const out = [];
  for (const buildingId of [...job.buildings].sort()) {
    const ids = await deps.store.meters.idsInBuilding(buildingId);
    const records = await deps.store.meters.records(ids);
    out.push({ buildingId, name: names.get(buildingId) ?? buildingId, meters: ids.flatMap((id) => (records.has(id) ? [records.get(id)!] : [])) });
  }
  return out;
}

/**
 * Rooms of the meters met in a ledger: the buildings' meters read up front
 * (a few batched reads), and a meter that left the building since (or a
 * record that failed to read) once more by itself.
 */
async function meterDirectory(deps: SheetDeps, job: StoredExport): Promise<(meterId: string) => Promise<MeterRecord | null>> {
  const known = new Map<string, MeterRecord | null>((await metersOf(deps, job)).flatMap((building) => building.meters.map((meter) => [meter.id, meter] as const)));
  return async (meterId) => {
    if (!known.has(meterId)) known.set(meterId, await deps.store.meters.get(meterId));
    return known.get(meterId) ?? null;
  };
}

/** Two ordered streams of ledger entries (money and charges) as one, in GSI3 sort-key order (time, meter, sequence). */
async function* merged<T extends { sortKey: string }>(a: AsyncIterator<T>, b: AsyncIterator<T>): AsyncGenerator<T> {
  let [x, y] = await Promise.all([a.next(), b.next()]);
  while (!x.done || !y.done) {
    if (y.done || (!x.done && x.value.sortKey <= y.value.sortKey)) {
      yield x.value as T;
      x = await a.next();
    } else {
      yield y.value;
      y = await b.next();
    }
  }
}

/** The entries of the job's buildings and days, building by building, month by month, oldest first. */
async function* ledgerEntries(deps: SheetDeps, job: StoredExport, parts: 'all' | 'money'): AsyncGenerator<{ buildingId: string; entry: LedgerEntry }> {
  const range = { fromIso: beijingDayStart(job.from), toIso: beijingDayEnd(job.to) };
  for (const buildingId of [...job.buildings].sort()) {
    for (const month of monthsBetween(job.from, job.to)) {
      const money = deps.store.statistics.ledgerOfMonth(buildingId, month, 'MONEY', range);
      const entries = parts === 'money' ? money : merged(money, deps.store.statistics.ledgerOfMonth(buildingId, month, 'CHARGE', range));
      for await (const { entry } of entries) yield { buildingId, entry };
    }
  }
}

async function buildingNames(deps: SheetDeps, job: StoredExport): Promise<Map<string, string>> {
  return new Map((await deps.store.estate.buildings(job.buildings)).map((building) => [building.id, building.name]));
}

/** The columns that say when and where, first in every sheet of ledger entries. */
const WHERE_COLUMNS: readonly Column[] = [
  { header: '时间（北京）', type: 'text', width: 20 },
  { header: '楼栋', type: 'text', width: 16 },
  { header: '房间', type: 'text', width: 8 },
  { header: '表号', type: 'text', width: 16 },
];

/**
 * A sheet of ledger entries (the job's buildings and days, oldest first):
 * when and where (time, building, room, meter), then `columns` of each entry
 * `keep` keeps; `totalColumn` counts within `columns`.
 */
function entrySheet(
  deps: SheetDeps,
  job: StoredExport,
  spec: { title: string; parts: 'all' | 'money'; keep?: (entry: LedgerEntry) => boolean; columns: readonly Column[]; totalColumn: number; cells: (entry: LedgerEntry) => Cell[] },
): Sheet {
  return {
    title: spec.title,
    columns: [...WHERE_COLUMNS, ...spec.columns],
    totalColumn: WHERE_COLUMNS.length + spec.totalColumn,
    rows: (async function* () {
      const names = await buildingNames(deps, job);
      const meter = await meterDirectory(deps, job);
      for await (const { buildingId, entry } of ledgerEntries(deps, job, spec.parts)) {
        if (spec.keep && !spec.keep(entry)) continue;
        const record = await meter(entry.meterId);
        yield [beijingTime(entry.at), names.get(buildingId) ?? buildingId, text(record?.room), entry.meterId, ...spec.cells(entry)];
      }
    })(),
  };
}

const methodLabel = (entry: LedgerEntry): Cell => (entry.method ? (METHOD_LABEL[entry.method] ?? entry.method) : null);

const ledgerSheet = (deps: SheetDeps, job: StoredExport): Sheet =>
  entrySheet(deps, job, {
    title: '流水',
    parts: 'all',
    columns: [
      { header: '类型', type: 'text', width: 12 },
      { header: '方式', type: 'text', width: 12 },
      { header: '金额（元）', type: 'fen', width: 12 },
      { header: '余额（元）', type: 'fen', width: 12 },
      { header: '用量（kWh/m³）', type: 'milli', width: 14 },
      { header: '操作人', type: 'text', width: 24 },
      { header: '说明', type: 'text', width: 30 },
      { header: '流水号', type: 'text', width: 24 },
    ],
    totalColumn: 2,
    cells: (entry) => [
      KIND_LABEL[entry.kind],
      methodLabel(entry),
      { fen: entry.amountFen },
      { fen: entry.balanceAfterFen },
      entry.kind === 'charge' && entry.quantity !== undefined ? { milli: entry.quantity } : null,
      text(entry.operator),
      text(entry.reason ?? entry.reference),
      entry.id,
    ],
  });

const rechargeSheet = (deps: SheetDeps, job: StoredExport): Sheet =>
  entrySheet(deps, job, {
    title: '充值',
    parts: 'money',
    keep: (entry) => entry.kind === 'recharge',
    columns: [
      { header: '渠道', type: 'text', width: 12 },
      { header: '金额（元）', type: 'fen', width: 12 },
      { header: '操作人', type: 'text', width: 24 },
      { header: '凭证号', type: 'text', width: 30 },
      { header: '流水号', type: 'text', width: 24 },
    ],
    totalColumn: 1,
    cells: (entry) => [methodLabel(entry), { fen: entry.amountFen }, text(entry.operator), text(entry.reference), entry.id],
  });

/**
 * A row per meter and Beijing day with use, from the usage aggregates (one
 * Query per meter). Each day's cost is what the meter's running total of
 * exact cost adds, rounded (so a day's fractions of a fen carry to the next
 * and a meter's days add up to its exact cost rounded once, as its charges
 * do: CONTRACT holds those within a fen of it). The ledger export is the
 * file whose total is the ledger's to the fen.
 */
function consumptionSheet(deps: SheetDeps, job: StoredExport): Sheet {
  return {
    title: '用量',
    columns: [
      { header: '日期', type: 'text', width: 12 },
      { header: '楼栋', type: 'text', width: 16 },
      { header: '房间', type: 'text', width: 8 },
      { header: '表号', type: 'text', width: 16 },
      { header: '类别', type: 'text', width: 6 },
      { header: '用量（kWh/m³）', type: 'milli', width: 14 },
      { header: '费用（元）', type: 'fen', width: 12 },
    ],
    totalColumn: 6,
    rows: (async function* () {
      for (const building of await metersOf(deps, job)) {
        for (const meter of building.meters) {
          let costSoFar = 0n;
          for (const { day, usage } of await deps.store.usage.days(meter.id, job.from, job.to)) {
            if (usage.quantity === 0 && usage.costMicroFen === 0) continue;
            const before = displayFenOf(costSoFar);
            costSoFar += BigInt(usage.costMicroFen);
            yield [day, building.name, text(meter.room), meter.id, UTILITY_LABEL[meter.utility], { milli: usage.quantity }, { fen: displayFenOf(costSoFar) - before }];
          }
        }
      }
    })(),
  };
}

function alarmSheet(deps: SheetDeps, job: StoredExport): Sheet {
  const [fromIso, toIso] = [beijingDayStart(job.from), beijingDayEnd(job.to)];
  return {
    title: '告警',
    columns: [
      { header: '发生时间（北京）', type: 'text', width: 20 },
      { header: '楼栋', type: 'text', width: 16 },
      { header: '房间', type: 'text', width: 8 },
      { header: '表号', type: 'text', width: 16 },
      { header: '类型', type: 'text', width: 20 },
      { header: '级别', type: 'text', width: 8 },
      { header: '次数', type: 'text', width: 6 },
      { header: '状态', type: 'text', width: 8 },
      { header: '处理时间（北京）', type: 'text', width: 20 },
      { header: '处理人', type: 'text', width: 24 },
      { header: '备注', type: 'text', width: 30 },
      { header: '内容', type: 'text', width: 40 },
    ],
    totalColumn: null,
    rows: (async function* () {
      for (const building of await metersOf(deps, job)) {
        for (const meter of building.meters) {
          const open = (await deps.store.alarms.openFor(meter.id)).filter((alarm) => alarm.raisedAt >= fromIso && alarm.raisedAt < toIso);
          const closed: typeof open = [];
          for await (const alarm of deps.store.alarms.closedRaisedBetween(meter.id, fromIso, toIso)) closed.push(alarm);
          for (const alarm of [...closed, ...open].sort((a, b) => a.raisedAt.localeCompare(b.raisedAt))) {
            yield [
              beijingTime(alarm.raisedAt),
              building.name,
              text(meter.room),
              meter.id,
              alarm.kind,
              alarm.severity,
              String(alarm.count),
              STATUS_LABEL[alarm.status],
              alarm.closedAt ? beijingTime(alarm.closedAt) : null,
              text(alarm.closedBy),
              text(alarm.note),
              alarm.message,
            ];
          }
        }
      }
    })(),
  };
}

/** The sheet of an export job. */
export function sheetOf(deps: SheetDeps, job: StoredExport): Sheet {
  switch (job.kind) {
    case 'ledger':
      return ledgerSheet(deps, job);
    case 'recharges':
      return rechargeSheet(deps, job);
    case 'consumption':
      return consumptionSheet(deps, job);
    case 'alarms':
      return alarmSheet(deps, job);
  }
}
