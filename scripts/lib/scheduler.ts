/**
 * Runs the API's scheduled functions locally, as EventBridge would on AWS:
 * serverless-offline does not fire `schedule` events, but it serves the
 * Lambda Invoke API, so each job is a real invocation of the real handler.
 */
export interface ScheduledJob {
  /** The function's name in serverless.yml. */
  readonly fn: string;
  readonly everyMs: number;
}

export function startLocalScheduler(options: { lambdaUrl: string; service: string; stage: string; jobs: readonly ScheduledJob[] }): { stop(): void } {
  const running = new Set<string>();
  const timers = options.jobs.map((job) =>
    setInterval(() => {
      if (running.has(job.fn)) return; // never two sweeps of one job at once
      running.add(job.fn);
      const url = `${options.lambdaUrl}/2015-03-31/functions/${options.service}-${options.stage}-${job.fn}/invocations`;
      fetch(url, { method: 'POST', body: '{}', signal: AbortSignal.timeout(job.everyMs * 5) })
        .then((response) => response.arrayBuffer())
        .catch(() => undefined) // the API is stopping or busy; the next tick tries again
        .finally(() => running.delete(job.fn));
    }, job.everyMs),
  );
  return { stop: () => timers.forEach((timer) => clearInterval(timer)) };
}

/** Local cadence: faster than on AWS so the demo shows retries and alarms within a minute. */
export const LOCAL_JOBS: readonly ScheduledJob[] = [
  { fn: 'dispatchCommands', everyMs: 10_000 },
  { fn: 'sweepMeters', everyMs: 60_000 },
  { fn: 'sweepGateways', everyMs: 60_000 },
  { fn: 'sweepOrders', everyMs: 30_000 },
  { fn: 'sweepRefunds', everyMs: 30_000 },
];
