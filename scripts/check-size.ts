/**
 * Fails when the weapp build's main package is over our 1 MB budget (WeChat
 * refuses an upload over 2 MB, and the main package is what every start
 * downloads) or a subpackage over WeChat's 2 MB. Subpackages live in the
 * root folders app.json `subPackages` lists; each is measured on its own.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './lib/here';

export const MAIN_LIMIT_BYTES = 1024 * 1024;
export const SUBPACKAGE_LIMIT_BYTES = 2 * 1024 * 1024;

function sizeOf(dir: string, skip: ReadonlySet<string>): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (skip.has(full)) continue;
    total += entry.isDirectory() ? sizeOf(full, skip) : statSync(full).size;
  }
  return total;
}

/** The main package's and each subpackage's size in a weapp build, and what is over its limit. */
export function weappPackageSizes(dist: string): { main: number; subpackages: { root: string; bytes: number }[]; over: string[] } {
  const appJson = JSON.parse(readFileSync(path.join(dist, 'app.json'), 'utf8')) as { subPackages?: { root: string }[]; subpackages?: { root: string }[] };
  const roots = (appJson.subPackages ?? appJson.subpackages ?? []).map((sub) => sub.root.replace(/\/$/, ''));
  const main = sizeOf(dist, new Set(roots.map((root) => path.join(dist, root))));
  const subpackages = roots.map((root) => ({ root, bytes: sizeOf(path.join(dist, root), new Set()) }));
  const kb = (bytes: number) => Math.round(bytes / 1024);
  const over = [
    ...(main > MAIN_LIMIT_BYTES ? [`main package ${kb(main)} KB, over ${kb(MAIN_LIMIT_BYTES)} KB`] : []),
    ...subpackages.filter((sub) => sub.bytes > SUBPACKAGE_LIMIT_BYTES).map((sub) => `subpackage ${sub.root} ${kb(sub.bytes)} KB, over ${kb(SUBPACKAGE_LIMIT_BYTES)} KB`),
  ];
  return { main, subpackages, over };
}

function main(): void {
  const { main: mainBytes, subpackages, over } = weappPackageSizes(path.join(repoRoot, 'miniprogram', 'dist', 'weapp'));
  if (over.length > 0) {
    console.error(`weapp packages: ${over.join('; ')}`);
    process.exit(1);
  }
  const parts = [`main ${Math.round(mainBytes / 1024)} KB (limit 1024 KB)`, ...subpackages.map((sub) => `${sub.root} ${Math.round(sub.bytes / 1024)} KB`)];
  console.log(`weapp packages: ${parts.join(', ')}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
