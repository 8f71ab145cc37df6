/**
 * Getting uplinks to the API: one outbox per meter, drained in order (a
 * meter's pushes never overtake each other), with a cap on the pushes in
 * flight over all meters so a 2-core machine keeps up. A push that fails
 * stays at the head of its outbox and goes again when the meter next has
 * something to say; reports are cumulative, so a waiting report is replaced
 * by the newer one rather than piling up.
 */
import type { PushRequest, Uplink } from './platform-pushes';

export interface OutboxStats {
  ok: number;
  failed: number;
}

interface Outbox {
  items: { uplink: Uplink; report: boolean }[];
  draining: Promise<void> | null;
  stats: OutboxStats;
  /** CTWing's upPacketSN of the next data report. */
  nextPacketSn: number;
}

export interface DeliveryOptions {
  readonly apiUrl: string;
  readonly maxInFlight: number;
  readonly build: (meterId: string, uplink: Uplink, packetSn: number) => PushRequest;
  readonly log: (line: string) => void;
  readonly timeoutMs?: number;
}

export interface Delivery {
  /** Queues `uplink` for `meterId` and starts draining; `report: true` replaces an older waiting report. */
  send(meterId: string, uplink: Uplink, options?: { report?: boolean }): void;
  stats(meterId: string): OutboxStats & { queued: number };
  /** Sends nothing more after the pushes in flight; waits for those (at most `timeoutMs`). */
  close(timeoutMs: number): Promise<void>;
}

/** The API refused the push for good (a 4xx other than 408/429): sending it again cannot help. */
const isPermanent = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

export function createDelivery(options: DeliveryOptions): Delivery {
  const outboxes = new Map<string, Outbox>();
  let closed = false;
  const limiter = createLimiter(options.maxInFlight);
  const failureLog = throttledLog(options.log, 5_000);
  const outboxOf = (meterId: string): Outbox => {
    let box = outboxes.get(meterId);
    if (!box) outboxes.set(meterId, (box = { items: [], draining: null, stats: { ok: 0, failed: 0 }, nextPacketSn: 1 }));
    return box;
  };

  async function post(meterId: string, box: Outbox, uplink: Uplink): Promise<'ok' | 'retry' | 'drop'> {
    const request = options.build(meterId, uplink, box.nextPacketSn);
    try {
      const response = await limiter(() =>
        fetch(`${options.apiUrl}${request.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: request.body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        }),
      );
      const text = await response.text();
      if (response.ok) {
        if (uplink.kind === 'data') box.nextPacketSn += 1;
        return 'ok';
      }
      failureLog(`push ${uplink.kind} of ${meterId} answered ${response.status}: ${text.slice(0, 160)}`);
      return isPermanent(response.status) ? 'drop' : 'retry';
    } catch (error) {
      failureLog(`push ${uplink.kind} of ${meterId} failed: ${(error as Error).message}`);
      return 'retry';
    }
  }

  async function drain(meterId: string, box: Outbox): Promise<void> {
    for (let head = box.items[0]; head && !closed; head = box.items[0]) {
      const outcome = await post(meterId, box, head.uplink);
      if (outcome === 'ok') box.stats.ok += 1;
      else box.stats.failed += 1;
      if (outcome === 'retry') return;
      box.items.shift();
    }
  }

  return {
    send(meterId, uplink, sendOptions = {}) {
      const box = outboxOf(meterId);
      if (sendOptions.report) {
        // The head may be in flight: only a waiting report (never the head while draining) is replaced.
        const first = box.draining ? 1 : 0;
        const older = box.items.findIndex((item, index) => index >= first && item.report);
        if (older >= 0) box.items.splice(older, 1);
      }
      box.items.push({ uplink, report: sendOptions.report ?? false });
      box.draining ??= drain(meterId, box).finally(() => {
        box.draining = null;
      });
    },
    stats(meterId) {
      const box = outboxOf(meterId);
      return { ...box.stats, queued: box.items.length };
    },
    async close(timeoutMs) {
      closed = true;
      const running = [...outboxes.values()].flatMap((box) => (box.draining ? [box.draining] : []));
      await Promise.race([Promise.all(running), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
    },
  };
}

/** Runs at most `limit` tasks at once; the others wait their turn in order (a finishing task hands its slot on). */
export function createLimiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active < limit) active += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
}

/** Logs at most one line per `everyMs`, saying how many were held back since. */
function throttledLog(log: (line: string) => void, everyMs: number): (line: string) => void {
  let lastMs = 0;
  let suppressed = 0;
  return (line) => {
    const now = Date.now();
    if (now - lastMs < everyMs) {
      suppressed += 1;
      return;
    }
    log(suppressed > 0 ? `${line} (and ${suppressed} more failures)` : line);
    lastMs = now;
    suppressed = 0;
  };
}
