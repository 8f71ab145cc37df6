import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createStore, createTableRef, type StoredExport, type TableRef } from '../../functions/src/store';
import { keys } from '../../functions/src/store/keys';
import { ledgerIndexOf } from '../../functions/src/store/statistics';
import { localDynamoClient, startDynamoDbLocal } from '../lib/dynamodb-local';
import { repoRoot } from '../lib/here';
import { startLocalObjectStore } from '../lib/object-store';
import { freePort } from '../lib/ports';
import { LOCAL_TABLE } from '../lib/stack';
import { createTableFromServerlessYml } from '../lib/tables';
import { secondsSince } from './measure';

export interface ExportFigures {
  export_ledger_rows: number;
  export_ledger_xlsx_rows_per_s: number;
  export_ledger_xlsx_max_rss_mb: number;
  export_ledger_csv_rows_per_s: number;
  export_ledger_csv_max_rss_mb: number;
  export_consumption_rows: number;
  export_consumption_xlsx_seconds: number;
  export_consumption_xlsx_max_rss_mb: number;
  lines: string[];
}

/** Writes items 25 at a time, 16 requests in flight, retrying what DynamoDB hands back. */
async function writeAll(table: TableRef, items: Record<string, unknown>[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const batch = items.slice(next, next + 25);
      next += 25;
      let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = { [table.tableName]: batch.map((Item) => ({ PutRequest: { Item } })) };
      while (request && Object.keys(request).length > 0) {
        const out = await table.doc.send(new BatchWriteCommand({ RequestItems: request }));
        request = out.UnprocessedItems as typeof request;
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/** Runs one export in a child process (its own peak memory), over the seeded table; asynchronously, as the S3 server answers from this process. */
async function runChild(dynamodbEndpoint: string, s3: { endpoint: string; bucket: string }, exportId: string): Promise<{ seconds: number; rows: number; status: string; maxRssMb: number }> {
  const { stdout: out } = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/bench/export-child.ts', dynamodbEndpoint, s3.endpoint, s3.bucket, exportId], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as { seconds: number; rows: number; status: string; maxRssMb: number };
}

const job = (id: string, kind: StoredExport['kind'], format: StoredExport['format'], from: string, to: string): StoredExport => ({
  id, status: 'running', kind, format, from, to, buildingId: 'BENCH', buildings: ['BENCH'], requestedBy: 'bench', createdAt: new Date().toISOString(),
  startedAt: null, finishedAt: null, objectKey: null, fileName: `${id}.${format}`,
});

/**
 * Exports at the size issue 13 names, against DynamoDB Local and the local
 * S3-compatible server: 100,000 ledger rows of one building in one month
 * (1,000 meters), as XLSX and as CSV, and a year of daily consumption of
 * 1,000 meters (365,000 rows) as XLSX. Rows are seeded in the shape the
 * posting path writes them; each export runs in a process of its own, whose
 * peak resident memory (maxRSS, the OS's high-water mark) is reported.
 */
export async function benchExports(): Promise<ExportFigures> {
  const dynamo = await startDynamoDbLocal(await freePort());
  const s3 = await startLocalObjectStore();
  const lines: string[] = [];
  try {
    const client = localDynamoClient(dynamo.endpoint);
    await createTableFromServerlessYml(client, LOCAL_TABLE);
    client.destroy();
    const table = createTableRef({ tableName: LOCAL_TABLE, region: 'local', endpoint: dynamo.endpoint });
    const store = createStore(table);
    await store.estate.putBuilding({ id: 'BENCH', name: '压测楼', address: '—' });
    const meters = Array.from({ length: 1_000 }, (_, i) => `BM${String(i).padStart(4, '0')}`);
    const meterItems = meters.map((id, i) => ({ ...keys.meter(id, 'BENCH'), entity: 'meter', id, utility: 'electricity', protocol: 'dlt645', address: String(i).padStart(12, '0'), platform: 'simulator', deviceId: id, imei: null, tariffId: 't', tariffAssignments: [{ tariffId: 't', effectiveFrom: '2026-01-01T00:00:00.000Z' }], buildingId: 'BENCH', room: String(100 + i), lowBalanceFen: 1_000, keepOn: false, supply: 'on', online: true, createdAt: '2026-01-01T00:00:00.000Z' }));
    const start = performance.now();
    await writeAll(table, meterItems);
    // 100 entries per meter in November (Beijing): charges, with a recharge every tenth.
    const ledger: Record<string, unknown>[] = [];
    const base = Date.parse('2026-11-01T00:00:00+08:00');
    for (const [m, meterId] of meters.entries()) {
      for (let seq = 1; seq <= 100; seq++) {
        const at = new Date(base + seq * 6 * 3_600_000 + m * 1_000).toISOString();
        const entry = seq % 10 === 0 ? { id: `${meterId}-${seq}`, kind: 'recharge', amountFen: 10_000, method: 'wechat_pay', operator: 'wechat:o-bench', reference: `T${m}${seq}`, at } : { id: `${meterId}-${seq}`, kind: 'charge', amountFen: -37, quantity: 760, at };
        ledger.push({ ...entry, ...keys.ledgerEntry(meterId, seq), ...keys.entryIndex(entry.id), ...ledgerIndexOf({ meterId, buildingId: 'BENCH', utility: 'electricity' }, entry, seq), entity: 'ledger', meterId, seq, balanceAfterFen: 100_000 - seq * 37 });
      }
    }
    await writeAll(table, ledger);
    // A year of daily usage per meter: the day totals the export reads (the posting path also keeps 24 hour parts
    // on each, which the export does not read; left out so DynamoDB Local's in-memory heap holds a year of 1,000 meters).
    const usage: Record<string, unknown>[] = [];
    const dayMs = 86_400_000;
    for (const meterId of meters) {
      for (let d = 0; d < 365; d++) {
        const day = new Date(Date.parse('2025-12-01T00:00:00Z') + d * dayMs).toISOString().slice(0, 10);
        usage.push({ ...keys.usageDay(meterId, day), entity: 'usage', q: 6_000, c: 292_980_000 });
      }
    }
    await writeAll(table, usage);
    const seeded = secondsSince(start);
    lines.push(`exports: seeded 1,000 meters, ${ledger.length.toLocaleString('en')} ledger rows and ${usage.length.toLocaleString('en')} usage days in ${seeded.toFixed(0)} s`);

    const figures: Record<string, number> = {};
    for (const format of ['xlsx', 'csv'] as const) {
      const id = `bench-ledger-${format}`;
      await store.exports.create(job(id, 'ledger', format, '2026-11-01', '2026-11-30'), Math.floor(Date.now() / 1000) + 3_600);
      const run = await runChild(dynamo.endpoint, s3, id);
      if (run.status !== 'done' || run.rows !== ledger.length) throw new Error(`ledger ${format} export: ${JSON.stringify(run)}`);
      figures[`export_ledger_${format}_rows_per_s`] = Math.round(run.rows / run.seconds);
      figures[`export_ledger_${format}_max_rss_mb`] = run.maxRssMb;
      lines.push(`exports: ledger ${format.toUpperCase()} of ${run.rows.toLocaleString('en')} rows in ${run.seconds.toFixed(1)} s (${Math.round(run.rows / run.seconds).toLocaleString('en')} rows/s), peak RSS ${run.maxRssMb} MB`);
    }
    const id = 'bench-consumption-xlsx';
    await store.exports.create(job(id, 'consumption', 'xlsx', '2025-12-01', '2026-11-30'), Math.floor(Date.now() / 1000) + 3_600);
    const run = await runChild(dynamo.endpoint, s3, id);
    if (run.status !== 'done' || run.rows !== usage.length) throw new Error(`consumption export: ${JSON.stringify(run)}`);
    lines.push(`exports: a year of 1,000 meters' daily consumption, XLSX, ${run.rows.toLocaleString('en')} rows in ${run.seconds.toFixed(1)} s (${Math.round(run.rows / run.seconds).toLocaleString('en')} rows/s), peak RSS ${run.maxRssMb} MB (Lambda: 900 s, the function has 1,024 MB)`);
    return {
      export_ledger_rows: ledger.length,
      export_ledger_xlsx_rows_per_s: figures.export_ledger_xlsx_rows_per_s!,
      export_ledger_xlsx_max_rss_mb: figures.export_ledger_xlsx_max_rss_mb!,
      export_ledger_csv_rows_per_s: figures.export_ledger_csv_rows_per_s!,
      export_ledger_csv_max_rss_mb: figures.export_ledger_csv_max_rss_mb!,
      export_consumption_rows: run.rows,
      export_consumption_xlsx_seconds: Math.round(run.seconds),
      export_consumption_xlsx_max_rss_mb: run.maxRssMb,
      lines,
    };
  } finally {
    await s3.stop();
    await dynamo.stop();
  }
}
