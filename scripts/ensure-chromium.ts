/**
 * The browser tests (and the bench's H5 figure) drive Debian's Chromium
 * through playwright-core. On a fresh machine it is missing: as root, this
 * installs it with apt-get (about 20 s); otherwise it stops at once and says
 * the exact command to run. A `CHROMIUM_PATH` that exists is used as it is.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Where Chromium is, or null. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [env.CHROMIUM_PATH, DEFAULT_CHROMIUM].filter((path): path is string => Boolean(path));
  return candidates.find((path) => existsSync(path)) ?? null;
}

/** What to do when it is missing: install (root with apt-get), or the command a person must run. */
export function plan(options: { found: string | null; root: boolean; apt: boolean }): { action: 'none' | 'install' } | { action: 'stop'; message: string } {
  if (options.found) return { action: 'none' };
  if (options.root && options.apt) return { action: 'install' };
  const command = options.apt ? 'sudo apt-get update && sudo apt-get install -y chromium' : 'install Chromium and set CHROMIUM_PATH to its executable';
  return { action: 'stop', message: `The browser tests need Chromium, which is not installed. Run:\n  ${command}\nthen run the tests again.` };
}

/** Makes sure Chromium is there (installing it as root); throws with the command to run otherwise. */
export function ensureChromium(): string {
  const next = plan({ found: findChromium(), root: process.getuid?.() === 0, apt: spawnSync('sh', ['-c', 'command -v apt-get']).status === 0 });
  if (next.action === 'stop') throw new Error(next.message);
  if (next.action === 'install') {
    console.log("== installing Debian's chromium for the browser tests (once)");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  }
  const found = findChromium();
  if (!found) throw new Error(`apt-get installed chromium, but ${DEFAULT_CHROMIUM} is not there: set CHROMIUM_PATH`);
  return found;
}

function main(): void {
  try {
    ensureChromium();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
