/**
 * Runs `tasks` with at most `limit` in flight, each started as soon as one
 * before it settles. Resolves with every outcome in the tasks' order; a task
 * that fails does not stop the others (the caller asserts on the outcomes).
 */
export async function inFlight<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<PromiseSettledResult<T>[]> {
  const outcomes: PromiseSettledResult<T>[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const index = next++;
        try {
          outcomes[index] = { status: 'fulfilled', value: await tasks[index]!() };
        } catch (reason) {
          outcomes[index] = { status: 'rejected', reason };
        }
      }
    }),
  );
  return outcomes;
}
