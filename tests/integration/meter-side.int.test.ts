import { describe, expect, inject, it } from 'vitest';
import { gatewayCommands } from '../../functions/src/services/gateways';
import { applyMeterState } from '../../functions/src/services/meter-side';
import { requestRefund } from '../../functions/src/services/refunds/request';
import { startGatewaySimulator } from '../../scripts/simulator/gateway-sim';
import { integrationDeps, unique } from '../support/deps';
import { call, inboxAlarms } from '../support/http';

const api = inject('apiUrl');
const admin = inject('adminKey');

/** Polls `read` until `done` holds (the gateway's batches are queued, then processed). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 45_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}


/**
 * A building with a meter-side meter (address 000000007001) behind a gateway
 * registered over HTTP, and a simulated gateway running it on the real clock
 * (a batch every 1.5 s); `extra` meters of the building's own are created too.
 */
async function meterSideSetup(options: { meterSide: { balanceFen: number }; sim?: Partial<Parameters<typeof startGatewaySimulator>[0]>; extra?: (body: Record<string, unknown>) => Record<string, unknown> }) {
  const deps = integrationDeps();
  const buildingId = unique('BM');
  await deps.store.estate.putBuilding({ id: buildingId, name: '表端计费楼', address: '—' });
  const tariff = await call(api, '/v1/admin/tariffs', { token: admin, body: { name: 'ms', utility: 'electricity', kind: 'flat', price: '1.00' } });
  const gatewayId = unique('gwm');
  const gateway = await call(api, '/v1/admin/gateways', { token: admin, body: { id: gatewayId, name: '表端计费集中器', buildingId, kind: 'rs485' } });
  expect(gateway.status).toBe(201);
  const meterId = unique('MS');
  const body = { id: meterId, utility: 'electricity', protocol: 'dlt645', address: '000000007001', platform: 'gateway', deviceId: gatewayId, billing: 'meter', tariffId: tariff.body.id, buildingId, room: '7-01' };
  expect((await call(api, '/v1/admin/meters', { token: admin, body })).status).toBe(201);
  if (options.extra) expect((await call(api, '/v1/admin/meters', { token: admin, body: options.extra(body) })).status).toBe(201);
  /** The gateway simulated with `meter` on its bus (a meter replaced is the same address with a new meter behind it). */
  const simulate = (meter: { startValue: number; meterSide: { balanceFen: number; purchaseCount: number } }, sim: Partial<Parameters<typeof startGatewaySimulator>[0]> = {}) =>
    startGatewaySimulator({
      apiUrl: api,
      gateways: [{ gatewayId, secret: gateway.body.secret, meters: [{ meterId, address: '000000007001', reads: 'energy', loadShare: 0.2, startValue: meter.startValue, meterSide: { fenPerKwh: 100, ...meter.meterSide } }] }],
      now: () => Date.now(),
      reportEveryMs: 1_500,
      tickMs: 300,
      seed: 7,
      log: () => undefined,
      ...sim,
    });
  const sim = simulate({ startValue: 1_000_000, meterSide: { purchaseCount: 0, ...options.meterSide } }, options.sim);
  return { deps, buildingId, gatewayId, meterId, sim, simulate };
}

describe('meter-side billing through a simulated gateway (issue 14)', () => {
  it('sends each credit as a numbered purchase the meter takes, and finds the purchase its bus lost', { timeout: 180_000 }, async () => {
    const { deps, buildingId, meterId, sim } = await meterSideSetup({ meterSide: { balanceFen: 0 }, sim: { losesPurchase: (_meter, count) => count === 2 } });
    try {
      const simMeter = () => sim.state()[0]!.meters[0]!;
      const stored = () => deps.store.meters.get(meterId);
      const openMismatch = async () => (await deps.store.alarms.openFor(meterId)).filter((alarm) => alarm.kind === 'purchase_mismatch');

      // 1. ¥50.00 in cash: purchase 1 of 5000 fen goes to the gateway, the meter takes it and says so.
      expect((await call(api, `/v1/admin/meters/${meterId}/payments`, { token: admin, body: { amountFen: 5000, method: 'cash' } })).status).toBe(201);
      await until(async () => simMeter().purchaseCount, (count) => count === 1, 'the meter to take purchase 1');
      await until(async () => (await stored())?.meterSide?.purchaseCount, (count) => count === 1, 'the meter to report purchase 1');
      const [first] = (await call(api, `/v1/admin/meters/${meterId}/commands`, { token: admin })).body.items;
      expect(first).toMatchObject({ action: 'purchase', purchase: { count: 1, amountFen: 5000 }, status: 'succeeded' });
      expect((await stored())?.purchase).toEqual({ count: 1, fen: 5000 });
      expect(await openMismatch()).toEqual([]);

      // 2. ¥20.00 more: purchase 2, acknowledged by the gateway but lost on the bus: the meter still counts 1.
      expect((await call(api, `/v1/admin/meters/${meterId}/payments`, { token: admin, body: { amountFen: 2000, method: 'cash' } })).status).toBe(201);
      const [alarm] = await until(openMismatch, (alarms) => alarms.length > 0, 'the missed purchase to be found');
      expect(alarm).toMatchObject({ severity: 'critical', message: '表端漏购：第 2 次购电（¥20.00）未到表，表内计数 1', details: expect.objectContaining({ verdict: 'missed', missing: '2', amountFen: 2000 }) });
      expect(simMeter().purchaseCount).toBe(1);
      // Money on a meter that keeps its own balance cannot be taken back by the platform: a refund is refused.
      await expect(requestRefund(deps, { kind: 'key', keyId: 'test', roles: ['admin'] }, { meterId, amountFen: 100, reason: '退租' })).rejects.toMatchObject({ code: 'refund.meter_side', status: 400 });
      // Found, not mended: the ledger keeps the ¥70.00 the tenant paid; no third purchase was invented to cover it.
      expect((await stored())?.purchase).toEqual({ count: 2, fen: 7000 });
      expect(await inboxAlarms(api, admin, `buildingId=${buildingId}&kind=purchase_mismatch`)).toEqual([expect.objectContaining({ meterId, kind: 'purchase_mismatch' })]);
    } finally {
      await sim.stop();
    }
  });

  it('sends a new meter in place of one that kept its own balance what the wallet holds, as its purchase 1, and finds nothing missing', { timeout: 180_000 }, async () => {
    const { deps, gatewayId, meterId, sim, simulate } = await meterSideSetup({ meterSide: { balanceFen: 0 } });
    let replacement: ReturnType<typeof simulate> | null = null;
    try {
      const stored = () => deps.store.meters.get(meterId);
      const openMismatch = async () => (await deps.store.alarms.openFor(meterId)).filter((alarm) => alarm.kind === 'purchase_mismatch');
      // 1. ¥50.00 reaches the old meter as its purchase 1.
      expect((await call(api, `/v1/admin/meters/${meterId}/payments`, { token: admin, body: { amountFen: 5000, method: 'cash' } })).status).toBe(201);
      await until(async () => (await stored())?.meterSide?.purchaseCount, (count) => count === 1, 'the old meter to report purchase 1');

      // 2. The meter is taken off the bus; ¥20.00 paid meanwhile waits in the gateway's outbox as purchase 2.
      await sim.stop();
      const old = sim.state()[0]!.meters[0]!;
      expect((await call(api, `/v1/admin/meters/${meterId}/payments`, { token: admin, body: { amountFen: 2000, method: 'cash' } })).status).toBe(201);
      const waiting = await until(() => deps.store.gateways.outbox(gatewayId, new Date().toISOString()), (items) => items.some((item) => item.purchase?.count === 2), 'purchase 2 in the outbox');
      expect(waiting.filter((item) => item.purchase)).toHaveLength(1);

      // 3. The replacement: the old meter's final reading billed, the new one starts at 100 Wh, holding nothing, counting from 0.
      const finalAt = new Date();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const replacement_ = { unit: 'Wh', oldFinal: { value: old.value, at: finalAt.toISOString() }, newBaseline: { value: 100, at: new Date().toISOString() } };
      const replaced = await call(api, `/v1/admin/meters/${meterId}/replacement`, { token: admin, body: replacement_ });
      expect(replaced.status, JSON.stringify(replaced.body)).toBe(201);
      // The same replacement sent again (a retry) restarts nothing: still one new purchase 1.
      expect((await call(api, `/v1/admin/meters/${meterId}/replacement`, { token: admin, body: replacement_ })).status).toBe(201);
      const balanceFen = replaced.body.balanceFen as number;
      expect(balanceFen).toBeGreaterThan(0);
      expect(balanceFen).toBeLessThanOrEqual(7000);
      // Purchase 2 is ended, never to reach the new meter, and out of the outbox; the new meter's purchase 1 carries the whole balance.
      const commands = (await call(api, `/v1/admin/meters/${meterId}/commands`, { token: admin })).body.items as { id: string; createdAt: string; action: string; status: string; purchase?: { count: number; amountFen: number }; history: { detail?: string }[] }[];
      const purchases = commands.filter((command) => command.action === 'purchase');
      expect(purchases.map((command) => [command.purchase?.count, command.purchase?.amountFen, command.status])).toEqual([
        [1, balanceFen, expect.stringMatching(/^(queued|sent)$/)],
        [2, 2000, 'failed'],
        [1, 5000, 'succeeded'],
      ]);
      expect(purchases[1]!.history.at(-1)?.detail).toContain('replaced');
      expect((await deps.store.gateways.outbox(gatewayId, new Date().toISOString())).filter((item) => item.purchase).map((item) => item.purchase)).toEqual([{ count: 1, amountFen: balanceFen }]);
      // Purchase 2 reaching the outbox after it ended (a dispatcher that was mid-send) is taken out, never handed to the gateway.
      const late = purchases[1]!;
      await deps.store.gateways.put({ gatewayId, meterId, address: '000000007001', action: 'purchase', commandId: late.id, createdAt: late.createdAt, frame: '00', purchase: { count: 2, amountFen: 2000 }, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
      const served = await gatewayCommands(deps, (await deps.store.gateways.get(gatewayId))!);
      expect(served.items.filter((item) => item.purchase).map((item) => item.purchase)).toEqual([{ count: 1, amountFen: balanceFen }]);
      expect((await deps.store.gateways.outbox(gatewayId, new Date().toISOString())).filter((item) => item.purchase?.count === 2)).toEqual([]);
      expect(await stored()).toMatchObject({ purchase: { count: 1, fen: 7000, since: expect.any(String), replacedAt: replacement_.newBaseline.at }, meterSide: null });
      // A late report of the old meter (dated before the replacement) says nothing of the new one.
      const stale = await applyMeterState(deps, (await stored())!, { purchaseCount: 1, balanceFen: 4000 }, finalAt);
      expect(stale).toBe('stale');
      expect((await stored())?.meterSide).toBeNull();

      // 4. The new meter on the bus takes purchase 1 and says so: in step, no purchase missing.
      replacement = simulate({ startValue: 100, meterSide: { balanceFen: 0, purchaseCount: 0 } });
      const taken = replacement;
      await until(async () => taken.state()[0]!.meters[0]!.purchaseCount, (count) => count === 1, 'the new meter to take purchase 1');
      await until(async () => (await stored())?.meterSide?.purchaseCount, (count) => count === 1, 'the new meter to report purchase 1');
      expect(taken.state()[0]!.meters[0]!.balanceFen).toBeGreaterThan(balanceFen - 100);
      expect(await openMismatch()).toEqual([]);
    } finally {
      await sim.stop();
      await replacement?.stop();
    }
  });

  it('sets a meter\'s parameters through its gateway, reads them back, and raises what the meter did not take', { timeout: 180_000 }, async () => {
    const { deps, buildingId, meterId, sim } = await meterSideSetup({
      meterSide: { balanceFen: 3000 },
      // Its first parameters command: the meter refuses the close-allowed limit.
      sim: { ignoresParameter: (_meter, key, nth) => nth === 1 && key === 'closeAllowedFen' },
      // A meter of the platform's own billing in the same building: counted, not touched, by the building's parameters.
      extra: (body) => ({ ...body, id: unique('MQ'), address: '000000007102', billing: 'platform' }),
    });
    try {
      const params = {
        alarmThresholdFen: 2000,
        overdraftLimitFen: 500,
        closeAllowedFen: 100,
        tariff: { schedules: [['1.0000', '0.8000', '0.6000', '0.3000'], ['0.9', '0.7', '0.5', '0.3']], switchAt: '2027-01-01T00:00:00+08:00' },
        clock: true,
      };
      const set = await call(api, `/v1/admin/meters/${meterId}/parameters`, { token: admin, body: { params, reason: '冬季费率' } });
      expect(set.status).toBe(201);
      expect(set.body).toMatchObject({ action: 'set_params', params, reason: '冬季费率', requestedBy: expect.stringMatching(/^key:/) });
      const read = async () => (await call(api, `/v1/admin/meters/${meterId}/parameters`, { token: admin })).body;
      // Read back once the command is done and a report came after it: all taken (the clock set right) but the close-allowed limit.
      const view = await until(read, (v) => v.command?.status === 'succeeded' && v.differences.length === 1, 'the parameters to be read back');
      expect(view).toMatchObject({ desired: params, differences: ['closeAllowedFen'], reported: expect.objectContaining({ alarmThresholdFen: 2000, overdraftLimitFen: 500, tariff: params.tariff }) });
      const [alarm] = await until(async () => (await deps.store.alarms.openFor(meterId)).filter((a) => a.kind === 'params_mismatch'), (a) => a.length === 1, 'the mismatch alarm');
      expect(alarm?.message).toBe('表内参数与下发不符：合闸允许金额');
      const commands = (await call(api, `/v1/admin/meters/${meterId}/commands`, { token: admin })).body.items;
      expect(commands[0]).toMatchObject({ action: 'set_params', status: 'succeeded' });
      // The building's managers set the limit again for every meter that keeps its own balance: this one takes it, the alarm clears.
      const building = await call(api, `/v1/admin/buildings/${buildingId}/parameters`, { token: admin, body: { params: { closeAllowedFen: 100 }, reason: '重设合闸金额' } });
      expect(building.body).toMatchObject({ queued: 1, skipped: 1 });
      // What the meter should hold is every parameter set on it, each at its latest value: the earlier ones are still compared.
      expect((await read()).desired).toEqual({ ...params, closeAllowedFen: 100 });
      await until(read, (v) => v.command?.id === building.body.commandIds[0] && v.command.status === 'succeeded' && v.differences.length === 0 && Date.parse(v.reportedAt) > Date.parse(v.setAt), 'the building parameters');
      await until(async () => (await deps.store.alarms.openFor(meterId)).filter((a) => a.kind === 'params_mismatch'), (a) => a.length === 0, 'the alarm to clear');
    } finally {
      await sim.stop();
    }
  });
});
