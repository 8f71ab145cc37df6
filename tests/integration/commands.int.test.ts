import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorDownlink } from '../../functions/src/adapters/iot/downlink';
import { processReading } from '../../functions/src/services/billing';
import { evidenceOf, raise } from '../../functions/src/services/alarms';
import { recordOfflinePayment } from '../../functions/src/services/payments';
import { createMeter, createTariff } from '../../functions/src/services/provisioning';
import { recordedMetrics } from '../../functions/src/platform/metrics';
import { integrationDeps, unique } from '../support/deps';
import { dispatchOwn } from '../support/dispatch-own';

/** A device platform that can be switched between refusing (device asleep/offline) and accepting. */
let accepting = false;
const received: { deviceId: string; payloadHex: string }[] = [];
let server: Server;
let platformUrl = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (!accepting) {
        res.writeHead(503).end('device offline');
        return;
      }
      received.push(JSON.parse(body));
      res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ taskId: `task-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  platformUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function depsWithPlatform(now: Date) {
  const base = integrationDeps({ now });
  const downlink = simulatorDownlink(platformUrl);
  return { ...base, downlinks: { simulator: downlink, ctwing: downlink, onenet: downlink, iotda: downlink, gateway: downlink } };
}

async function drainedMeter(deps: ReturnType<typeof depsWithPlatform>) {
  const tariff = await createTariff(deps, { id: unique('t'), name: 't', utility: 'electricity', kind: 'flat', price: '1.00' } as never);
  const id = unique('E');
  await createMeter(deps, { id, utility: 'electricity', protocol: 'dlt645', address: '123456789012', platform: 'ctwing', deviceId: `d-${id}`, tariffId: tariff.id });
  await processReading(deps, id, { value: 1_000_000, unit: 'Wh', at: new Date('2026-11-21T00:00:00Z'), source: 'test' });
  await processReading(deps, id, { value: 1_001_000, unit: 'Wh', at: new Date('2026-11-21T01:00:00Z'), source: 'test' });
  return id;
}

describe('commands to an offline device', () => {
  it('wait and are retried with backoff, then go out when the device is back', async () => {
    accepting = false;
    const deps = depsWithPlatform(new Date('2026-11-21T09:00:00Z'));
    const meterId = await drainedMeter(deps);
    const dispatchDueCommands = (d: typeof deps) => dispatchOwn(d, meterId);
    let [cut] = (await deps.store.commands.list(meterId, { limit: 10 })).items;
    expect(cut).toMatchObject({ action: 'cut', status: 'queued', attempts: 1 });
    deps.clock.advance(10_000);
    await dispatchDueCommands(deps);
    expect((await deps.store.commands.list(meterId, { limit: 10 })).items[0]?.attempts).toBe(1); // not due before the first backoff (15 s)
    deps.clock.advance(10_000);
    await dispatchDueCommands(deps);
    expect((await deps.store.commands.list(meterId, { limit: 10 })).items[0]?.attempts).toBe(2);
    accepting = true;
    deps.clock.advance(2 * 60_000);
    await dispatchDueCommands(deps);
    [cut] = (await deps.store.commands.list(meterId, { limit: 10 })).items;
    expect(cut).toMatchObject({ status: 'sent', attempts: 3 });
    const frame = received.at(-1)!;
    expect(frame.deviceId).toBe(`d-${meterId}`);
    // DL/T 645 remote control (C = 1C) to 123456789012, address least significant byte first.
    expect(frame.payloadHex).toMatch(/^(FE)*68129078563412681C/i);
  });

  it('expire after their time with a command_expired alarm, and the supply rule queues a fresh one while the meter still needs it', async () => {
    accepting = false;
    const metrics = recordedMetrics();
    const deps = { ...depsWithPlatform(new Date('2026-11-21T09:00:00Z')), metrics };
    const meterId = await drainedMeter(deps);
    const dispatchDueCommands = (d: typeof deps) => dispatchOwn(d, meterId);
    deps.clock.advance(25 * 3_600_000);
    await dispatchDueCommands(deps);
    // The dispatcher's metrics: the command it found due, and its expiry.
    expect(metrics.total('CommandsPending')).toBe(1);
    expect(metrics.total('CommandsExpired')).toBe(1);
    const [fresh, expired] = (await deps.store.commands.list(meterId, { limit: 10 })).items;
    expect(expired).toMatchObject({ action: 'cut', status: 'expired' });
    expect(fresh).toMatchObject({ action: 'cut', status: 'queued' });
    expect((await deps.store.alarms.openFor(meterId)).map((alarm) => alarm.kind)).toContain('command_expired');
    expect((await deps.store.meters.get(meterId))?.pendingSupply?.commandId).toBe(fresh?.id);
  });

  it('a recharge above zero supersedes the pending cut with a restore', async () => {
    accepting = false;
    const deps = depsWithPlatform(new Date('2026-11-21T09:00:00Z'));
    const meterId = await drainedMeter(deps);
    await recordOfflinePayment(deps, { kind: 'key', keyId: 'test', roles: ['admin'] }, meterId, { amountFen: 5000, method: 'cash' }, undefined);
    const commands = (await deps.store.commands.list(meterId, { limit: 10 })).items;
    expect(commands.map((command) => [command.action, command.status])).toEqual([
      ['restore', 'queued'],
      ['cut', 'failed'],
    ]);
  });
});

describe('alarms follow the balance', () => {
  it('raises balance_exhausted when the wallet drains and clears it after a recharge', async () => {
    accepting = false;
    const deps = depsWithPlatform(new Date('2026-11-21T09:00:00Z'));
    const meterId = await drainedMeter(deps);
    expect((await deps.store.alarms.openFor(meterId)).map((alarm) => alarm.kind)).toContain('balance_exhausted');
    await recordOfflinePayment(deps, { kind: 'key', keyId: 'test', roles: ['admin'] }, meterId, { amountFen: 1500, method: 'cash' }, undefined);
    const kinds = (await deps.store.alarms.openFor(meterId)).map((alarm) => alarm.kind);
    expect(kinds).not.toContain('balance_exhausted');
    expect(kinds).toContain('low_balance'); // 500 fen left, under the 2000 fen threshold
  });

  it('does not raise an acknowledged event again on the same evidence, only on new evidence', async () => {
    const deps = depsWithPlatform(new Date('2026-11-21T09:00:00Z'));
    const meterId = unique('W');
    const leak = (night: string) => ({ kind: 'night_flow' as const, severity: 'warning' as const, message: '夜间持续用水', details: { night } });
    expect(await raise(deps, meterId, leak('2026-11-20'), deps.clock.now())).toBe(true);
    await deps.store.alarms.close(meterId, 'night_flow', { status: 'acknowledged', at: deps.clock.now().toISOString(), by: 'user:m', evidence: (alarm) => evidenceOf(alarm.kind, alarm.details) });
    expect(await raise(deps, meterId, leak('2026-11-20'), deps.clock.now())).toBe(false);
    expect(await raise(deps, meterId, leak('2026-11-21'), deps.clock.now())).toBe(true);
  });
});
