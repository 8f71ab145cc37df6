/**
 * `npm run bench`: every performance figure the project claims, measured in
 * one run on this machine, printed as one table and written to
 * `bench/results.json` (not committed). Budgets that a figure misses are
 * flagged. Compare runs on the same machine only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../lib/here';
import { benchWeapp } from './builds';
import { benchBundles } from './bundles';
import { benchDynamo } from './dynamo';
import { benchEngine } from './engine';
import { benchExports } from './exports';
import { benchStack } from './stack';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The budgets of issue 9: a figure outside its budget is flagged in the table. */
const BUDGETS: Record<string, { test: (value: number) => boolean; text: string }> = {
  ingest_vs_floor: { test: (v) => v >= 0.5, text: '≥ 0.5' },
  requests_per_push: { test: (v) => v <= 2, text: '≤ 2' },
  transact_writes_per_push: { test: (v) => v <= 1, text: '≤ 1' },
  bundle_max_kb: { test: (v) => v <= 300, text: '≤ 300' },
  import_max_ms: { test: (v) => v <= 150, text: '≤ 150' },
  weapp_main_kb: { test: (v) => v <= 1024, text: '≤ 1024' },
  h5_first_render_ms: { test: (v) => v <= 2000, text: '≤ 2000' },
  // An export runs in one Lambda invocation: 900 s and the function's 1,024 MB at most (kept to half of each).
  export_consumption_xlsx_seconds: { test: (v) => v <= 450, text: '≤ 450 (Lambda: 900)' },
  export_consumption_xlsx_max_rss_mb: { test: (v) => v <= 512, text: '≤ 512 (function: 1024)' },
  export_ledger_xlsx_max_rss_mb: { test: (v) => v <= 512, text: '≤ 512 (function: 1024)' },
  export_ledger_csv_max_rss_mb: { test: (v) => v <= 512, text: '≤ 512 (function: 1024)' },
};

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`# npm run bench (${new Date().toISOString()}, node ${process.version})`);
  const engine = benchEngine();
  const dynamo = await benchDynamo();
  const bundles = await benchBundles();
  const weapp = benchWeapp();
  const stack = await benchStack();
  const exportsBench = await benchExports();
  const { lines: l1, ...engineFigures } = engine;
  const { lines: l2, ...dynamoFigures } = dynamo;
  const { lines: l3, ...bundleFigures } = bundles;
  const { lines: l4, ...weappFigures } = weapp;
  const { lines: l5, ...stackFigures } = stack;
  const { lines: l6, ...exportFigures } = exportsBench;
  const results = { measuredAt: new Date().toISOString(), node: process.version, seconds: Math.round((Date.now() - started) / 1000), ...engineFigures, ...dynamoFigures, ...bundleFigures, ...weappFigures, ...stackFigures, ...exportFigures };
  console.log('\n## What was measured');
  for (const line of [...l1, ...l2, ...l3, ...l4, ...l5, ...l6]) console.log(`- ${line}`);
  console.log('\n| figure | value | budget |\n| --- | --- | --- |');
  let missed = 0;
  for (const [key, value] of Object.entries(results)) {
    if (key === 'measuredAt' || key === 'node') continue;
    const budget = BUDGETS[key];
    const ok = budget && typeof value === 'number' ? budget.test(value) : undefined;
    if (ok === false) missed += 1;
    console.log(`| ${key} | ${typeof value === 'object' ? JSON.stringify(value) : value} | ${budget ? `${budget.text}${ok === false ? ' **missed**' : ' ok'}` : ''} |`);
  }
  const dir = path.join(repoRoot, 'bench');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nbench/results.json written; ${missed === 0 ? 'every budget met' : `${missed} budget(s) missed`}; ${results.seconds} s in all.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
