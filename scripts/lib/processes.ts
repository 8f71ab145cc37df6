import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Child processes started by the local stack. Each runs in its own process
 * group so that stopping it also stops whatever it spawned (no orphaned java).
 */
export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** SIGTERM the group, then SIGKILL after `graceMs`. Resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
  /** Resolves with the exit code when the process ends by itself. */
  readonly exited: Promise<number | null>;
  /** The last lines it printed, for error messages. */
  output(): string;
}

/** Groups still running: killed when this process exits, however it exits short of SIGKILL. */
const liveGroups = new Set<number>();
process.once('exit', () => {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

export function startProcess(
  name: string,
  command: string,
  args: readonly string[],
  options: SpawnOptions & { echo?: boolean } = {},
): ManagedProcess {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    tail.push(text);
    if (tail.length > 50) tail.shift();
    if (options.echo) process.stdout.write(text.replace(/^(?=.)/gm, `[${name}] `));
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  if (child.pid !== undefined) liveGroups.add(child.pid);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      if (child.pid !== undefined) liveGroups.delete(child.pid);
      resolve(code);
    }),
  );
  let stopping: Promise<void> | undefined;
  return {
    name,
    child,
    exited,
    stop(graceMs = 5000) {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        signalGroup(child, 'SIGTERM');
        const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
        // Whatever the leader left behind in its group goes too.
        signalGroup(child, 'SIGKILL');
      })();
      return stopping;
    },
    output: () => `${name}: ${tail.join('').slice(-4000)}`,
  };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Polls `check` until it resolves true, or fails after `timeoutMs` with `what` in the message. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, intervalMs = 150): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}
