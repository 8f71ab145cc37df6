import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../scripts/lib/here';
import { waitFor } from '../../scripts/lib/processes';

export interface StartedApi {
  readonly pid: number;
  readonly url: string;
  /** Everything the process printed so far. */
  output(): string;
  readonly exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
}

/** `npm run start:api` as an operator runs it (tsx scripts/start-api.ts), with `env` on top of ours; resolves once it says it is ready. */
export async function startApiProcess(port: number, env: Record<string, string>): Promise<StartedApi> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/start-api.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started: StartedApi = { pid: child.pid!, url: `http://127.0.0.1:${port}`, output: () => output, exited, kill: (signal = 'SIGTERM') => child.kill(signal) };
  try {
    await Promise.race([
      waitFor('start:api to say it is ready', async () => output.includes(`API ready: http://127.0.0.1:${port}`), 90_000, 300),
      exited.then((code) => {
        throw new Error(`start:api exited with ${code}:\n${output}`);
      }),
    ]);
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
  return started;
}
