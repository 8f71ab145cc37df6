import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../lib/here';

export interface BuildFigures {
  weapp_main_kb: number;
  weapp_total_kb: number;
  lines: string[];
}

const weappDist = path.join(repoRoot, 'miniprogram', 'dist', 'weapp');

function sizeOf(dir: string, skip: ReadonlySet<string>): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (skip.has(path.relative(weappDist, full))) continue;
    total += entry.isDirectory() ? sizeOf(full, skip) : statSync(full).size;
  }
  return total;
}

/** Runs an npm script of the repository, failing loudly. */
export function npmRun(script: string): void {
  const run = spawnSync('npm', ['run', script], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) throw new Error(`npm run ${script} failed`);
}

/** Builds the weapp and measures its main package (everything but the sub-packages) and its whole. */
export function benchWeapp(): BuildFigures {
  npmRun('build:weapp');
  const appJson = JSON.parse(readFileSync(path.join(weappDist, 'app.json'), 'utf8')) as { subPackages?: { root: string }[]; subpackages?: { root: string }[] };
  const subRoots = new Set((appJson.subPackages ?? appJson.subpackages ?? []).map((sub) => sub.root.replace(/\/$/, '')));
  const main = sizeOf(weappDist, subRoots) / 1024;
  const total = sizeOf(weappDist, new Set()) / 1024;
  return { weapp_main_kb: Math.round(main), weapp_total_kb: Math.round(total), lines: [`weapp build: main package ${Math.round(main)} KB, whole ${Math.round(total)} KB`] };
}
