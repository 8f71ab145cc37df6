import { encodeCjt188Valve } from '@prepaid/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../scripts/lib/ports';
import { startSimulator, type MeterStateView, type SimMeter, type Simulator, type SimulatorStateView } from '../../scripts/simulator';
import { simulatorDownlink } from '../../functions/src/adapters/iot/downlink';
import { dispatchCommand } from '../../functions/src/services/commands';
import { integrationDeps, unique } from '../support/deps';
import { call } from '../support/http';

/**
 * The meter simulator against the real API. The integration API sends its
 * commands to the run's device platform (tests/support/slow-platform.ts),
 * which forwards those of this file's meters to this simulator: the API's own
 * cuts reach the meters and the meters' answers settle them.
 * Meters that get cut start with an empty wallet: a cut on a meter in credit
 * would be reversed by the API's balance rule at its next reading.
 */
const api = inject('apiUrl');
const admin = inject('adminKey');
const post = (path: string, body: unknown) => call(api, path, { body, token: admin });

/**
 * A GET that gives up after 5 s and asks again: under the simulator's load a
 * local Lambda invocation now and then hangs until serverless-offline's 25 s
 * timeout, and one such request must not sink a test.
 */
async function get(path: string): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${admin}` }, signal: AbortSignal.timeout(5_000) });
      if (response.status < 500 || attempt === 3) return { status: response.status, body: await response.json() };
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

const HOUR_MS = 3_600_000;
/** Simulated hours per real second: an hourly report every real second. */
const SPEED = 3600;

/**
 * 06:00 Asia/Shanghai three days ago: the morning peak, so every meter uses
 * something from the first hours; and in the past, because the simulated clock
 * never runs ahead of the real one (CONTRACT bounds every time from outside):
 * three simulated days at ×3600 last the whole file.
 */
function shanghaiSixAmDaysAgo(nowMs: number, days: number): number {
  const shanghaiMidnight = Math.floor((nowMs + 8 * HOUR_MS) / (24 * HOUR_MS)) * 24 * HOUR_MS - 8 * HOUR_MS;
  return shanghaiMidnight + 6 * HOUR_MS - days * 24 * HOUR_MS;
}

const digits = (length: number) => Array.from({ length }, () => Math.floor(Math.random() * 10)).join('');

/** Waits for what the simulator's pushes set off; the bound is generous: on a loaded 2-core run the push queue lags behind the simulator by many seconds. */
async function waitUntil<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

type Reading = { at: string; value: number; unit: string };
const readingsOf = async (meterId: string): Promise<Reading[]> => (await get(`/v1/meters/${meterId}/readings?limit=100`)).body.items;
const simState = async (sim: Simulator, meterId: string): Promise<MeterStateView> =>
  ((await (await fetch(`${sim.url}/state`)).json()) as SimulatorStateView).meters.find((meter) => meter.meterId === meterId)!;
const postCommand = (sim: Simulator, body: unknown) => fetch(`${sim.url}/commands`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();

async function provision(utility: 'electricity' | 'water', tariffId: string, amountFen: number): Promise<SimMeter> {
  const electricity = utility === 'electricity';
  const meter: SimMeter = {
    meterId: unique(electricity ? 'E' : 'W'),
    utility,
    protocol: electricity ? 'dlt645' : 'cjt188',
    address: digits(electricity ? 12 : 14),
    platform: electricity ? 'ctwing' : 'onenet',
    deviceId: '',
    startValue: electricity ? 1_000_000 : 50_000,
  };
  const withDevice = { ...meter, deviceId: `${meter.platform}-${meter.meterId}` };
  const created = await post('/v1/admin/meters', {
    id: withDevice.meterId, utility, protocol: withDevice.protocol, address: withDevice.address, platform: withDevice.platform, deviceId: withDevice.deviceId, tariffId,
  });
  expect(created.status).toBe(201);
  if (amountFen > 0) expect((await post(`/v1/admin/meters/${withDevice.meterId}/payments`, { amountFen, method: 'cash' })).status).toBe(201);
  return withDevice;
}

describe('meter simulator', () => {
  let sim: Simulator;
  let running: SimMeter;
  let tripped: SimMeter;
  let sleepy: SimMeter;

  beforeAll(async () => {
    const electricityTariff = (await post('/v1/admin/tariffs', { name: 'sim flat', utility: 'electricity', kind: 'flat', price: '1.00' })).body.id;
    const waterTariff = (await post('/v1/admin/tariffs', { name: 'sim water', utility: 'water', kind: 'flat', price: '5.00' })).body.id;
    [running, tripped, sleepy] = await Promise.all([
      provision('electricity', electricityTariff, 10_000),
      provision('electricity', electricityTariff, 0),
      provision('water', waterTariff, 0),
    ]);
    const simPort = await freePort();
    // The platform forwards these meters' commands to this simulator (started just below, before any is due);
    // the sleepy meter's only once it is offline (its test routes it).
    for (const meter of [running, tripped]) {
      await fetch(`${inject('platformUrl')}/routes`, { method: 'POST', body: JSON.stringify({ deviceId: meter.deviceId, url: `http://127.0.0.1:${simPort}` }) });
    }
    sim = await startSimulator({
      apiUrl: api,
      port: simPort,
      meters: [running, tripped, sleepy],
      speed: SPEED,
      reportEveryMinutes: 60,
      seed: 42,
      offlineProbability: 0,
      startAtMs: shanghaiSixAmDaysAgo(Date.now(), 3),
    });
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('reports hourly through the real webhooks, in simulated time, and the balances fall', async () => {
    // Act: a baseline, then billed hours.
    const readings = await waitUntil('three hourly readings of each meter', async () => {
      const [electricity, water] = await Promise.all([readingsOf(running.meterId), readingsOf(sleepy.meterId)]);
      return electricity.length >= 3 && water.length >= 3 && { electricity, water };
    });
    // Assess
    const [newest, previous] = readings.electricity;
    expect(Date.parse(newest!.at) - Date.parse(previous!.at)).toBe(HOUR_MS);
    expect(Date.parse(newest!.at)).toBeLessThanOrEqual(Date.now()); // a meter's clock never runs ahead of the world's
    for (const reading of [...readings.electricity, ...readings.water]) expect(reading.value % 10).toBe(0);
    expect(newest!.value).toBeGreaterThan(readings.electricity.at(-1)!.value);
    expect(readings.water[0]!.value).toBeGreaterThanOrEqual(readings.water.at(-1)!.value);
    const meter = (await get(`/v1/meters/${running.meterId}`)).body;
    expect(meter).toMatchObject({ supply: 'on', online: true, lastReading: { unit: 'Wh' } });
    expect(meter.balanceFen).toBeLessThan(10_000);
    const charges = (await get(`/v1/meters/${running.meterId}/ledger`)).body.items.filter((entry: { kind: string }) => entry.kind === 'charge');
    expect(charges.length).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('trips an exhausted meter on the DL/T 645 command: the control_ok answer settles the cut and the register stops', async () => {
    // Act: the first billed hour empties the wallet; the API queues a cut and sends it through the platform to the meter.
    // Assess
    await waitUntil('the cut to succeed', async () => {
      const commands = (await get(`/v1/admin/meters/${tripped.meterId}/commands`)).body.items;
      return commands[0]?.action === 'cut' && commands[0].status === 'succeeded';
    });
    expect((await get(`/v1/meters/${tripped.meterId}`)).body.balanceFen).toBeLessThan(0);
    expect((await get(`/v1/meters/${tripped.meterId}`)).body.supply).toBe('off');
    expect(await simState(sim, tripped.meterId)).toMatchObject({ supply: 'off', online: true });
    const trippedAtMs = sim.now().getTime();
    const after = await waitUntil('two reports after the trip', async () => {
      const readings = (await readingsOf(tripped.meterId)).filter((reading) => Date.parse(reading.at) > trippedAtMs);
      return readings.length >= 2 && readings;
    });
    expect(after[0]!.value).toBe(after[1]!.value);
    const running2 = await readingsOf(running.meterId);
    expect(running2[0]!.value).toBeGreaterThan(running2[2]!.value);
  }, 120_000);

  it('holds a command for an offline meter until it is back, then closes the valve and says so', async () => {
    // Prepare: the meter drops off the network; the platform reports it.
    expect((await fetch(`${sim.url}/meters/${sleepy.meterId}/offline`, { method: 'POST' })).status).toBe(200);
    await waitUntil('the API to see the meter offline', async () => (await get(`/v1/meters/${sleepy.meterId}`)).body.online === false);
    // A cut is pending: the manual one, or the one the empty wallet already queued.
    await fetch(`${api}/v1/admin/meters/${sleepy.meterId}/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'cut', reason: 'simulator test' }),
      signal: AbortSignal.timeout(5_000),
    }).catch(() => undefined);
    await waitUntil('a pending cut', async () => (await get(`/v1/admin/meters/${sleepy.meterId}/commands`)).body.items[0]?.status === 'queued');
    // Act: the dispatcher's next attempt (as the scheduled dispatcher makes it) goes through the platform to the meter, which holds it while offline.
    await fetch(`${inject('platformUrl')}/routes`, { method: 'POST', body: JSON.stringify({ deviceId: sleepy.deviceId, url: sim.url }) });
    const dispatcher = { ...integrationDeps({ now: new Date(Date.now() + 60_000) }), downlinks: Object.fromEntries(['simulator', 'ctwing', 'onenet', 'iotda'].map((p) => [p, simulatorDownlink(inject('platformUrl'))])) as never };
    const [pending] = (await dispatcher.store.commands.list(sleepy.meterId, { limit: 1 })).items;
    expect((await dispatchCommand(dispatcher, pending!)).status).toBe('sent');
    const before = (await readingsOf(sleepy.meterId)).length;
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // > 2 simulated hours
    // Assess: held, silent, nothing settled.
    expect(await simState(sim, sleepy.meterId)).toMatchObject({ online: false, supply: 'on', heldCommands: 1 });
    expect((await readingsOf(sleepy.meterId)).length).toBe(before);
    expect((await get(`/v1/admin/meters/${sleepy.meterId}/commands`)).body.items[0]).toMatchObject({ action: 'cut', status: 'sent' });
    // Act: back online.
    expect((await fetch(`${sim.url}/meters/${sleepy.meterId}/online`, { method: 'POST' })).status).toBe(200);
    // Assess
    await waitUntil('the valve close to succeed', async () => (await get(`/v1/admin/meters/${sleepy.meterId}/commands`)).body.items[0]?.status === 'succeeded');
    expect((await get(`/v1/meters/${sleepy.meterId}`)).body).toMatchObject({ supply: 'off', online: true });
    expect(await simState(sim, sleepy.meterId)).toMatchObject({ online: true, supply: 'off', heldCommands: 0 });
  }, 120_000);

  it('answers 404 for an unknown device and 400 for a frame that is not a command for the meter', async () => {
    const unknown = await postCommand(sim, { deviceId: 'nobody', commandId: 'c', payloadHex: '6816' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('simulator.unknown_device');
    const wrongMeter = encodeCjt188Valve('99999999999999', 'open', { serial: 1 });
    const refused = await postCommand(sim, { deviceId: sleepy.deviceId, commandId: unique('cmd'), payloadHex: hex(wrongMeter) });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('simulator.wrong_address');
  });
});
