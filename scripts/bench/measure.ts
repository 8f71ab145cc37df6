import { performance } from 'node:perf_hooks';

/** Runs `fn` repeatedly for about `ms` and returns calls per second. */
export function throughput(fn: () => void, ms = 1000): number {
  for (let i = 0; i < 200; i++) fn(); // warm-up
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 100; i++) fn();
    calls += 100;
  }
  return Math.round((calls * 1000) / (performance.now() - start));
}

/** The p-th percentile (nearest rank) of some durations, in ms. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
}

/** Seconds since `start` (a performance.now()). */
export const secondsSince = (start: number): number => (performance.now() - start) / 1000;
