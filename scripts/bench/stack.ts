import { performance } from 'node:perf_hooks';
import { encodeDlt645Answer } from '@prepaid/shared';
import { launchChromium } from '../../tests/support/browser';
import { freePort } from '../lib/ports';
import { startStack } from '../lib/stack';
import { npmRun } from './builds';
import { percentile } from './measure';

export interface StackFigures {
  h5_first_render_ms: number;
  /** 48 pushes at once on a fresh API: serverless-offline starts a worker per request in flight (on AWS: a Lambda each). */
  webhook_cold_burst_ms: { p50: number; p95: number; p99: number };
  webhook_backlog_ms: { p50: number; p95: number; p99: number };
  webhook_parallel_ms: { p50: number; p95: number; p99: number };
  /** From the first push of the backlog to its last reading visible on the meter (queued, then billed in order). */
  backlog_visible_ms: number;
  /** Per round of 16 parallel pushes: from sending to all 16 readings visible. */
  parallel_visible_ms: { p50: number; p95: number };
  lines: string[];
}

const ADMIN = 'bench-admin-key';

/** A CTWing dataReport carrying a DL/T 645 total-energy answer. */
const push = (deviceId: string, address: string, energyWh: number, timestamp: number) =>
  JSON.stringify({ messageType: 'dataReport', deviceId, timestamp, payload: { APPdata: Buffer.from(encodeDlt645Answer(address, { kind: 'energy', register: 'total', energyWh })).toString('base64') } });

/**
 * The whole local stack as `npm start` runs it (H5 build, serverless-offline,
 * DynamoDB Local, the demo estate): the home page's first render in headless
 * Chromium, and the CTWing webhook over real HTTP under two bursts (one
 * meter's 48-reading backlog at once, and 16 meters reporting in parallel):
 * how fast it answers, and how soon what was pushed is visible on the meter
 * (the push queue between them, as on AWS).
 */
export async function benchStack(): Promise<StackFigures> {
  npmRun('build:h5');
  const stack = await startStack({ apiPort: await freePort(), dynamoPort: await freePort(), webPort: await freePort(), seed: true, wechatPay: { port: 0 }, apiEnv: { BOOTSTRAP_ADMIN_KEY: ADMIN, LOG_LEVEL: 'warn' } });
  try {
    const firstRender = await measureFirstRender(stack.webUrl!);
    const api = stack.apiUrl;
    const call = (path: string, body: unknown) => fetch(`${api}${path}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await call('/v1/admin/tariffs', { id: 'bench-flat', name: 'flat', utility: 'electricity', kind: 'flat', price: '0.60' });
    const meters = Array.from({ length: 18 }, (_, i) => ({ id: `BL${i}`, address: String(200_000_000_000 + i), deviceId: `ct-BL${i}` }));
    for (const meter of meters) {
      await call('/v1/admin/meters', { id: meter.id, utility: 'electricity', protocol: 'dlt645', address: meter.address, platform: 'ctwing', deviceId: meter.deviceId, tariffId: 'bench-flat' });
      await call(`/v1/admin/meters/${meter.id}/payments`, { amountFen: 1_000_000, method: 'cash' });
    }
    const t0 = Date.now() - 3 * 86_400_000;
    const { timed, visible } = webhookProbe(api);
    // A meter's 48 hourly readings at once on a fresh API: mostly the cost of starting 48 workers on two cores.
    const coldMeter = meters[17]!;
    const cold = await Promise.all(Array.from({ length: 48 }, (_, h) => timed(push(coldMeter.deviceId, coldMeter.address, 1_000_000 + h * 400, t0 + h * 3_600_000))));
    await visible([{ id: coldMeter.id, value: 1_000_000 + 47 * 400 }]);
    // Another meter's 48 hourly readings, all at once, on warm workers (a meter back online after two days).
    const backlogMeter = meters[0]!;
    const backlogStart = performance.now();
    const backlog = await Promise.all(Array.from({ length: 48 }, (_, h) => timed(push(backlogMeter.deviceId, backlogMeter.address, 1_000_000 + h * 400, t0 + h * 3_600_000))));
    await visible([{ id: backlogMeter.id, value: 1_000_000 + 47 * 400 }]);
    const backlogVisible = Math.round(performance.now() - backlogStart);
    // 16 meters, each reporting 20 hours, 16 pushes in flight.
    const parallelMeters = meters.slice(1, 17);
    const parallel: number[] = [];
    const rounds: number[] = [];
    for (let h = 0; h < 20; h++) {
      const start = performance.now();
      parallel.push(...(await Promise.all(parallelMeters.map((m) => timed(push(m.deviceId, m.address, 1_000_000 + h * 400, t0 + h * 3_600_000))))));
      await visible(parallelMeters.map((m) => ({ id: m.id, value: 1_000_000 + h * 400 })));
      rounds.push(performance.now() - start);
    }
    const stats = (values: number[]) => ({ p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99) });
    const c = stats(cold);
    const b = stats(backlog);
    const p = stats(parallel);
    const r = stats(rounds);
    return {
      h5_first_render_ms: firstRender,
      webhook_cold_burst_ms: c,
      webhook_backlog_ms: b,
      webhook_parallel_ms: p,
      backlog_visible_ms: backlogVisible,
      parallel_visible_ms: { p50: r.p50, p95: r.p95 },
      lines: [
        `H5 home page, first render in headless Chromium (median of 3 fresh contexts): ${firstRender} ms`,
        `CTWing webhook over HTTP (serverless-offline), 48 pushes at once on a fresh API (a worker started for each): answered p50 ${c.p50} ms, p95 ${c.p95} ms, p99 ${c.p99} ms`,
        `CTWing webhook over HTTP, one meter's 48-reading backlog at once on warm workers: answered p50 ${b.p50} ms, p95 ${b.p95} ms, p99 ${b.p99} ms; all 48 visible after ${backlogVisible} ms`,
        `CTWing webhook over HTTP, 16 meters in parallel (20 rounds, 320 pushes): answered p50 ${p.p50} ms, p95 ${p.p95} ms, p99 ${p.p99} ms; a round visible after p50 ${r.p50} ms, p95 ${r.p95} ms`,
      ],
    };
  } finally {
    await stack.stop();
  }
}

/** Times the CTWing webhook's answer, and waits until meters show a reading of at least a value (what a tenant would see). */
function webhookProbe(api: string) {
  const timed = async (body: string) => {
    const start = performance.now();
    const answer = await fetch(`${api}/v1/webhooks/ctwing?token=local-ctwing-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await answer.arrayBuffer();
    if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}`);
    return performance.now() - start;
  };
  const lastValue = async (meterId: string) => {
    const view = await fetch(`${api}/v1/meters/${meterId}`, { headers: { authorization: `Bearer ${ADMIN}` } });
    return ((await view.json()) as { lastReading: { value: number } | null }).lastReading?.value ?? 0;
  };
  const visible = async (wanted: readonly { id: string; value: number }[]) => {
    const deadline = performance.now() + 120_000;
    for (let left = [...wanted]; left.length > 0; ) {
      if (performance.now() > deadline) throw new Error(`readings not visible after 120 s: ${left.map((w) => w.id).join(', ')}`);
      const seen = await Promise.all(left.map(async (w) => (await lastValue(w.id)) >= w.value));
      left = left.filter((_, i) => !seen[i]);
      if (left.length > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { timed, visible };
}

/** From navigation to the first meter card on a tenant's home page, in a fresh browser context (no cache), median of three. */
async function measureFirstRender(webUrl: string): Promise<number> {
  const browser = await launchChromium();
  try {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
      const page = await context.newPage();
      const start = performance.now();
      await page.goto(`${webUrl}/?openid=demo-tenant-1`);
      await page.locator('[id^="meter-"]').first().waitFor({ timeout: 30_000 });
      times.push(performance.now() - start);
      await context.close();
    }
    return percentile(times, 50);
  } finally {
    await browser.close();
  }
}
