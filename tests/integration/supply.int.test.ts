import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { simulatorDownlink } from '../../functions/src/adapters/iot/downlink';
import { adjust } from '../../functions/src/services/adjustments';
import { processReading } from '../../functions/src/services/billing';
import { dispatchCommand } from '../../functions/src/services/commands';
import { manualSupplyCommand, reconcileSupply } from '../../functions/src/services/supply-control';
import { handlePush } from '../../functions/src/services/iot-ingest';
import { sweepMeter } from '../../functions/src/services/meter-sweep';
import { recordOfflinePayment } from '../../functions/src/services/payments';
import { createMeter, createTariff } from '../../functions/src/services/provisioning';
import type { StoredCommand } from '../../functions/src/store';
import { integrationDeps, unique } from '../support/deps';
import { call } from '../support/http';

const api = inject('apiUrl');
const admin = inject('adminKey');
const manager = { kind: 'key', keyId: 'test', roles: ['admin'] } as const;

/** A device platform that takes every command and hands out task ids, as CTWing does; results come back as pushes. */
let server: Server;
let platformUrl = '';
let tasks = 0;
/** Every command id the platform was given. */
const sentIds: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      sentIds.push((JSON.parse(body || '{}') as { commandId?: string }).commandId ?? '');
      res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ taskId: `sup-${Date.now()}-${++tasks}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  platformUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function depsWithPlatform() {
  const base = integrationDeps({ now: new Date('2026-11-21T09:00:00Z') });
  const downlink = simulatorDownlink(platformUrl);
  return { ...base, downlinks: { simulator: downlink, ctwing: downlink, onenet: downlink, iotda: downlink, gateway: downlink } };
}
type TestDeps = ReturnType<typeof depsWithPlatform>;

async function meterWith(deps: TestDeps, balanceFen: number) {
  const tariff = await createTariff(deps, { id: unique('t'), name: 't', utility: 'electricity', kind: 'flat', price: '1.00' } as never);
  const id = unique('S');
  await createMeter(deps, { id, utility: 'electricity', protocol: 'dlt645', address: '123456789012', platform: 'ctwing', deviceId: `sup-${id}`, tariffId: tariff.id });
  if (balanceFen > 0) await pay(deps, id, balanceFen);
  await processReading(deps, id, { value: 1_000_000, unit: 'Wh', at: new Date('2026-11-21T00:00:00Z'), source: 'test' });
  return id;
}
const pay = (deps: TestDeps, meterId: string, amountFen: number) => recordOfflinePayment(deps, manager, meterId, { amountFen, method: 'cash' }, undefined);
/** `wh` more used an hour after the last reading (flat 1.00 yuan/kWh: 1 fen per 10 Wh). */
async function use(deps: TestDeps, meterId: string, wh: number) {
  const view = await deps.store.meters.getView(meterId);
  const last = view!.lastReading!;
  await processReading(deps, meterId, { value: last.value + wh, unit: 'Wh', at: new Date(Date.parse(last.at) + 3_600_000), source: 'test' });
}
const commands = async (deps: TestDeps, meterId: string) => (await deps.store.commands.list(meterId, { limit: 50 })).items;
/** The meter's own turn in the periodic sweep (the whole sweep visits every meter of the shared table, each the same way). */
const sweepThis = async (deps: TestDeps, meterId: string) => sweepMeter(deps, (await deps.store.meters.get(meterId))!);
const pendingOf = async (deps: TestDeps, meterId: string) => (await deps.store.meters.get(meterId))?.pendingSupply?.action ?? null;
/** The platform reports the outcome of the meter's newest command, as a CTWing commandResponse push does. */
async function report(deps: TestDeps, command: StoredCommand, outcome: 'succeeded' | 'failed') {
  const taskId = command.platformTaskId!.slice('ctwing:'.length);
  await handlePush(deps, 'ctwing', '{}', { type: 'command_result', taskId, outcome, detail: outcome === 'failed' ? 'FAILED' : 'SUCCESSFUL' });
}

describe('the supply converges (issue 8.6)', () => {
  it('queues a restore again for a paying tenant after a restore failed', async () => {
    const deps = depsWithPlatform();
    const meterId = await meterWith(deps, 0);
    await use(deps, meterId, 100);
    let [cut] = await commands(deps, meterId);
    expect(cut).toMatchObject({ action: 'cut', status: 'sent' });
    await report(deps, cut!, 'succeeded');
    expect((await deps.store.meters.get(meterId))?.supply).toBe('off');
    await pay(deps, meterId, 500);
    const [restore] = await commands(deps, meterId);
    expect(restore).toMatchObject({ action: 'restore', status: 'sent' });
    await report(deps, restore!, 'failed');
    // The meter is still off with credit on it: the rule asks again, at once and on the next payment alike.
    await pay(deps, meterId, 100);
    expect(await pendingOf(deps, meterId)).toBe('restore');
    [cut] = await commands(deps, meterId);
    expect(cut).toMatchObject({ action: 'restore' });
    expect((await commands(deps, meterId)).filter((command) => command.action === 'restore' && ['queued', 'sent'].includes(command.status))).toHaveLength(1);
  });

  it('cuts again after a cut failed, after a backoff that grows while it keeps failing, not in a tight loop', async () => {
    const deps = depsWithPlatform();
    const meterId = await meterWith(deps, 0);
    await use(deps, meterId, 100);
    let [cut] = await commands(deps, meterId);
    await report(deps, cut!, 'failed');
    expect(await pendingOf(deps, meterId)).toBeNull(); // not sent again at once
    deps.clock.advance(61_000);
    await sweepThis(deps, meterId);
    [cut] = await commands(deps, meterId);
    expect(cut).toMatchObject({ action: 'cut', status: 'queued' });
    expect(await pendingOf(deps, meterId)).toBe('cut');
    // The second failure in a row waits four minutes.
    cut = await dispatchCommand(deps, cut!);
    await report(deps, cut, 'failed');
    deps.clock.advance(61_000);
    await sweepThis(deps, meterId);
    expect(await pendingOf(deps, meterId)).toBeNull();
    deps.clock.advance(4 * 60_000);
    await sweepThis(deps, meterId);
    expect(await pendingOf(deps, meterId)).toBe('cut');
    expect((await commands(deps, meterId)).map((command) => command.status)).toEqual(['queued', 'failed', 'failed']);
  });

  it('never sends a command that was superseded after a dispatcher read it', async () => {
    const deps = depsWithPlatform();
    const meterId = await meterWith(deps, 0);
    await deps.store.meters.setKeepOn(meterId, true); // nothing sent yet
    await deps.store.meters.setKeepOn(meterId, false);
    await use(deps, meterId, 100); // a cut is queued and sent once
    const [cut] = await commands(deps, meterId);
    const stale = { ...cut! };
    await pay(deps, meterId, 500); // the restore supersedes it
    expect((await commands(deps, meterId)).map((command) => [command.action, command.status])).toEqual([
      ['restore', 'sent'],
      ['cut', 'failed'],
    ]);
    const sentBefore = sentIds.filter((id) => id === stale.id).length;
    // A dispatcher that read the cut before it was superseded now gets to it.
    deps.clock.advance(60_000);
    await dispatchCommand(deps, stale);
    expect(sentIds.filter((id) => id === stale.id).length).toBe(sentBefore);
  });

  it('finds a meter left off with credit and nothing pending on the sweep, and restores it', async () => {
    const deps = depsWithPlatform();
    const meterId = await meterWith(deps, 300);
    await deps.store.commands.setReportedSupply(meterId, 'off'); // e.g. the valve was closed by hand
    expect(await pendingOf(deps, meterId)).toBeNull();
    // The sweep's walk over every meter finds it (read only: sweeping every meter of the shared table would
    // act, on this test's clock, on other files' meters — it expired another test's pending cut once)...
    let found = 0;
    for await (const meter of deps.store.meters.scanAll()) if (meter.id === meterId) found++;
    expect(found).toBe(1);
    // ...and the sweep of one meter is what the walk does to each.
    await sweepThis(deps, meterId);
    expect(await pendingOf(deps, meterId)).toBe('restore');
  });

  it('does not cut a meter whose balance a concurrent credit took back above zero between the decision and the queueing', async () => {
    // Prepare: the container posting a debit (a manager's correction) decides on a balance of −100 fen, then stalls before it queues
    // the cut. (A reading decides and queues in one transaction with its charge, so it cannot stall in between.)
    const reader = depsWithPlatform();
    const payer = depsWithPlatform();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let decided = false;
    const stalling = { ...reader, store: { ...reader.store, commands: { ...reader.store.commands, enqueue: async (...args: Parameters<typeof reader.store.commands.enqueue>) => {
      decided = true;
      await gate;
      return reader.store.commands.enqueue(...args);
    } } } };
    const meterId = await meterWith(reader, 100);
    // Act
    const reading = adjust(stalling, { kind: 'key', keyId: 'test', roles: ['admin'] }, meterId, { amountFen: -200, reason: 'correction' }, undefined);
    for (let i = 0; !decided && i < 200; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(decided).toBe(true);
    await pay(payer, meterId, 1_000); // lands, and its own reconciliation finds nothing to do
    open();
    await reading;
    // Assess: 900 fen on the wallet, and no cut on its way.
    expect((await reader.store.meters.getView(meterId))?.balanceFen).toBe(900);
    expect(await pendingOf(reader, meterId)).not.toBe('cut');
    expect((await reader.store.meters.get(meterId))?.supply).toBe('on');
  });

  it('leaves every meter with the command its final balance needs, whatever the order of concurrent charges and credits', async () => {
    const containers = [depsWithPlatform(), depsWithPlatform()];
    const rounds = await Promise.all(
      Array.from({ length: 8 }, async (_, round) => {
        const [a, b] = [containers[round % 2]!, containers[(round + 1) % 2]!];
        const meterId = await meterWith(a, 100);
        // A charge that crosses zero and a recharge, at the same time, from two containers.
        const credit = round % 3 === 0 ? 50 : 1_000;
        await Promise.all([use(a, meterId, 2_000), pay(b, meterId, credit)]);
        return meterId;
      }),
    );
    for (const meterId of rounds) {
      const meter = await containers[0]!.store.meters.get(meterId);
      const balance = (await containers[0]!.store.meters.getView(meterId))!.balanceFen;
      const wanted = balance > 0 ? 'on' : 'off';
      const pending = meter?.pendingSupply?.action ?? null;
      // Either the right command is on its way, or none is needed.
      if (pending) expect(pending, `${meterId} at ${balance} fen`).toBe(wanted === 'on' ? 'restore' : 'cut');
      else expect(meter?.supply, `${meterId} at ${balance} fen`).toBe(wanted);
    }
  });
});

describe("a manager's cut is a hold (issue 8.6)", () => {
  it('answers with the cut even when a reconciliation running at that moment (after a payment) queued it first', async () => {
    const deps = depsWithPlatform();
    const id = await meterWith(deps, 1000);
    // The payment's reconciliation runs between the hold and the request's own reconciliation, as it may on the stack.
    const racing: TestDeps = {
      ...deps,
      store: { ...deps.store, meters: { ...deps.store.meters, setSupplyHold: async (meterId, hold) => {
        await deps.store.meters.setSupplyHold(meterId, hold);
        await reconcileSupply(deps, meterId);
      } } },
    };
    const outcome = await manualSupplyCommand(racing, (await deps.store.meters.get(id))!, 'cut', 'manager:test', '违规用电');
    expect(outcome).toMatchObject({ command: { action: 'cut' }, hold: true, desired: 'off' });
    expect((await commands(deps, id)).map((command) => command.action)).toEqual(['cut']);
  });


  it('is not lifted by a credit, only by a manual restore', async () => {
    const tariff = await call(api, '/v1/admin/tariffs', { token: admin, body: { name: 'flat', utility: 'electricity', kind: 'flat', price: '1.00' } });
    const id = unique('H');
    await call(api, '/v1/admin/meters', { token: admin, body: { id, utility: 'electricity', protocol: 'dlt645', address: '123456789012', platform: 'ctwing', deviceId: `hold-${id}`, tariffId: tariff.body.id } });
    await call(api, `/v1/admin/meters/${id}/payments`, { token: admin, body: { amountFen: 1000, method: 'cash' } });
    const cut = await call(api, `/v1/admin/meters/${id}/commands`, { token: admin, body: { action: 'cut', reason: '违规用电' } });
    expect(cut.status).toBe(201);
    expect(cut.body).toMatchObject({ action: 'cut', hold: true, desired: 'off' });
    await call(api, `/v1/admin/meters/${id}/payments`, { token: admin, body: { amountFen: 1, method: 'cash' } });
    const actions = async () => (await call(api, `/v1/admin/meters/${id}/commands`, { token: admin })).body.items.map((c: { action: string }) => c.action);
    expect(await actions()).toEqual(['cut']);
    const restore = await call(api, `/v1/admin/meters/${id}/commands`, { token: admin, body: { action: 'restore', reason: '已整改' } });
    expect(restore.status).toBe(201);
    expect(restore.body).toMatchObject({ action: 'restore', hold: false, desired: 'on' });
    expect(await actions()).toEqual(['restore', 'cut']);
  });
});
