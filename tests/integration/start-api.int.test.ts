import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/here';
import { freePort } from '../../scripts/lib/ports';
import { waitFor } from '../../scripts/lib/processes';

/** Pids of every process descended from `root`. */
function descendantsOf(root: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [pid, ppid] of rows) {
      if (ppid !== parent) continue;
      found.push(pid);
      walk(pid);
    }
  };
  walk(root);
  return found;
}

const alive = (pid: number): boolean => {
  try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  /** Command lines of every process still running that mention `needle`. */
  function processesMentioning(needle: string): string[] {
    const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
    return out.split('\n').filter((line) => line.includes(needle) && !line.includes('ps -eo'));
  }
  describe('npm run start:api', () => {
    it('starts on the ports it is given, answers health, and leaves nothing behind after SIGTERM', async () => {
      const [port, dynamoPort] = [await freePort(), await freePort()];
      const child = spawn(process.execPath, [path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/start-api.ts'], {
        cwd: repoRoot,
        env: { ...process.env, PORT: String(port), DYNAMODB_PORT: String(dynamoPort) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitFor('start:api to say it is ready', async () => output.includes(`API ready: http://127.0.0.1:${port}`), 90_000, 300);
      expect((await fetch(`http://127.0.0.1:${port}/v1/health`)).status).toBe(200);
      expect(processesMentioning(`-port ${dynamoPort}`)).toHaveLength(1);
      const started = descendantsOf(child.pid!);
      expect(started.length).toBeGreaterThanOrEqual(2); // at least java and serverless-offline
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await expect(fetch(`http://127.0.0.1:${port}/v1/health`)).rejects.toThrow();
      await waitFor('DynamoDB Local to be gone', async () => processesMentioning(`-port ${dynamoPort}`).length === 0, 10_000);
      await waitFor('every child to be gone', async () => started.every((pid) => !alive(pid)), 10_000);
    } finally {
      child.kill('SIGTERM'); // a failed assertion must not leave the stack running
    }
  }, 120_000);
});
