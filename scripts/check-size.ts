/**
 * Fails when the weapp build's main package is over WeChat's 2 MB limit
 * (upload is refused above it). Sub-packages, when we add them, live in
 * their own root folders listed in app.json `subPackages` and are excluded.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './lib/here';

const LIMIT_BYTES = 2 * 1024 * 1024;
const dist = path.join(repoRoot, 'miniprogram', 'dist', 'weapp');

function sizeOf(dir: string, skip: ReadonlySet<string>): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (skip.has(path.relative(dist, full))) continue;
    total += entry.isDirectory() ? sizeOf(full, skip) : statSync(full).size;
  }
  return total;
}

function main(): void {
  const appJson = JSON.parse(readFileSync(path.join(dist, 'app.json'), 'utf8')) as {
    subPackages?: { root: string }[];
    subpackages?: { root: string }[];
  };
  const subRoots = new Set((appJson.subPackages ?? appJson.subpackages ?? []).map((sub) => sub.root.replace(/\/$/, '')));
  const bytes = sizeOf(dist, subRoots);
  const kb = Math.round(bytes / 1024);
  if (bytes > LIMIT_BYTES) {
    console.error(`weapp main package: ${kb} KB, over the 2048 KB limit`);
    process.exit(1);
  }
  console.log(`weapp main package: ${kb} KB (limit 2048 KB)`);
}

main();
