/**
 * The local meter simulator: NB-IoT meters behind CTWing and OneNET, talking
 * to the API only through its real webhooks, on a fast simulated clock.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { hexToBytes } from '@prepaid/shared';
import { createDelivery, type Delivery } from './delivery';
import { decodeCommand } from './frames';
import { displayedValues } from './meter-model';
import { comeOnline, commandDelay, createMeterRuntime, goOffline, runMeterUntil, type MeterRuntime, type RuntimeContext } from './meter-runtime';
import { pushRequest } from './platform-pushes';
import { createSimulatorServer, SimulatorHttpError, type CommandRequest } from './server';
import type { MeterStateView, Simulator, SimulatorOptions, SimulatorStateView } from './types';

export const SIMULATOR_DEFAULTS = {
  speed: 600,
  reportEveryMinutes: 60,
  offlineProbability: 0.003,
  offlineHours: [2, 6] as const,
  ratesEveryReports: 4,
  commandDelaySimSeconds: 90,
  maxPushesInFlight: 4,
  tickMs: 200,
};

/**
 * Simulated time runs `speed` times faster than real time from `startAtMs`
 * until it catches up with the real clock, then keeps pace with it: a meter's
 * clock is never ahead of the world's (the API quarantines readings dated
 * more than a day ahead). Start in the past to replay history fast.
 */
function simulatedClock(startAtMs: number, speed: number): () => number {
  const realStart = performance.now();
  return () => Math.min(Math.floor(startAtMs + (performance.now() - realStart) * speed), Date.now());
}

/**
 * Starts the simulator's HTTP server on 127.0.0.1 and its clock. Every
 * `reportEveryMinutes` simulated minutes each online meter pushes its
 * register; commands posted to `/commands` are applied after a short delay
 * and answered through the webhooks.
 *
 * @example const sim = await startSimulator({ apiUrl: 'http://127.0.0.1:3000', port: 3100, meters, speed: 600 });
 */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const speed = options.speed ?? SIMULATOR_DEFAULTS.speed;
  const reportEveryMinutes = options.reportEveryMinutes ?? SIMULATOR_DEFAULTS.reportEveryMinutes;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`speed must be a positive number, not ${speed}`);
  if (!(reportEveryMinutes > 0)) throw new Error(`reportEveryMinutes must be positive, not ${reportEveryMinutes}`);
  for (const key of ['meterId', 'deviceId'] as const) {
    const twice = options.meters.find((meter, index) => options.meters.findIndex((other) => other[key] === meter[key]) !== index);
    if (twice) throw new Error(`Two simulated meters share the ${key} "${twice[key]}"`);
  }
  const log = options.log ?? (() => undefined);
  const now = simulatedClock(options.startAtMs ?? Date.now(), speed);
  const delivery = deliveryFor(options, log);
  const context = runtimeContext(options, speed, reportEveryMinutes, delivery, log);
  const startMs = now();
  const runtimes = options.meters.map((meter) => createMeterRuntime(meter, context, startMs));
  const byMeter = new Map(runtimes.map((rt) => [rt.model.meter.meterId, rt] as const));
  const byDevice = new Map(runtimes.map((rt) => [rt.model.meter.deviceId, rt] as const));

  const catchUp = (rt: MeterRuntime) => runMeterUntil(rt, context, now());
  const tick = () => {
    for (const rt of runtimes) {
      try {
        catchUp(rt);
      } catch (error) {
        log(`${rt.model.meter.meterId}: simulation step failed: ${(error as Error).message}`);
      }
    }
  };
  const runtimeOf = (meterId: string): MeterRuntime => {
    const rt = byMeter.get(meterId);
    if (!rt) throw new SimulatorHttpError(404, 'simulator.unknown_meter', `No simulated meter "${meterId}"`);
    catchUp(rt);
    return rt;
  };
  const handlers = {
    command: (request: CommandRequest) => receiveCommand(byDevice, context, now, request, log),
    state: (): SimulatorStateView => {
      tick();
      return { simulatedAt: new Date(now()).toISOString(), speed, reportEveryMinutes, meters: runtimes.map((rt) => stateOf(rt, delivery.stats(rt.model.meter.meterId))) };
    },
    setOffline: (meterId: string, simHours?: number) => goOffline(runtimeOf(meterId), context, now(), simHours ?? Infinity),
    setOnline: (meterId: string) => comeOnline(runtimeOf(meterId), context, now()),
  };
  const server = createSimulatorServer(handlers, log);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const timer = setInterval(tick, options.tickMs ?? SIMULATOR_DEFAULTS.tickMs);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  log(`simulator on ${url}: ${runtimes.length} meters, speed ×${speed}, a report every ${reportEveryMinutes} simulated minutes, seed ${context.seed}`);
  let stopping: Promise<void> | undefined;
  return {
    url,
    now: () => new Date(now()),
    state: handlers.state,
    setOffline: handlers.setOffline,
    setOnline: handlers.setOnline,
    stop: () =>
      (stopping ??= (async () => {
        clearInterval(timer);
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await delivery.close(5_000);
      })()),
  };
}

function deliveryFor(options: SimulatorOptions, log: (line: string) => void): Delivery {
  const meters = new Map(options.meters.map((meter) => [meter.meterId, meter] as const));
  const secrets = { ctwingToken: options.ctwingToken ?? 'local-ctwing-token', onenetToken: options.onenetToken ?? 'local-onenet-token' };
  return createDelivery({
    apiUrl: options.apiUrl.replace(/\/$/, ''),
    maxInFlight: options.maxPushesInFlight ?? SIMULATOR_DEFAULTS.maxPushesInFlight,
    log,
    build: (meterId, uplink, packetSn) => pushRequest(meters.get(meterId)!, uplink, secrets, packetSn),
  });
}

function runtimeContext(options: SimulatorOptions, speed: number, reportEveryMinutes: number, delivery: Delivery, log: (line: string) => void): RuntimeContext {
  return {
    seed: options.seed ?? randomInt(2 ** 31),
    speed,
    reportEveryMs: reportEveryMinutes * 60_000,
    ratesEveryReports: options.ratesEveryReports ?? SIMULATOR_DEFAULTS.ratesEveryReports,
    offlineProbability: options.offlineProbability ?? SIMULATOR_DEFAULTS.offlineProbability,
    offlineHours: options.offlineHours ?? SIMULATOR_DEFAULTS.offlineHours,
    commandDelayMs: (options.commandDelaySimSeconds ?? SIMULATOR_DEFAULTS.commandDelaySimSeconds) * 1000,
    send: (meterId, uplink, sendOptions) => delivery.send(meterId, uplink, sendOptions),
    log,
  };
}

/** `POST /commands`: the same commandId twice is one command (the API re-sends what it has not seen confirmed). */
function receiveCommand(byDevice: Map<string, MeterRuntime>, context: RuntimeContext, now: () => number, request: CommandRequest, log: (line: string) => void): { taskId: string } {
  const rt = byDevice.get(request.deviceId);
  if (!rt) throw new SimulatorHttpError(404, 'simulator.unknown_device', `No simulated device "${request.deviceId}"`);
  const atMs = now();
  runMeterUntil(rt, context, atMs);
  const known = rt.commands.get(request.commandId);
  if (known) {
    if (known.accepted !== null) context.send(rt.model.meter.meterId, { kind: 'command_result', atMs, taskId: known.taskId, ok: known.accepted });
    return { taskId: known.taskId };
  }
  const operation = decodeCommand(rt.model.meter, hexToBytes(request.payloadHex));
  const command = { commandId: request.commandId, taskId: randomUUID(), operation, applyAtMs: rt.online ? atMs + commandDelay(context, request.commandId) : null, accepted: null };
  rt.commands.set(command.commandId, command);
  rt.queue.push(command);
  const what = operation.kind === 'relay' ? operation.action : `valve ${operation.action}`;
  log(`${rt.model.meter.meterId}: command ${what} received${rt.online ? '' : ', held until the meter is back online'}`);
  return { taskId: command.taskId };
}

function stateOf(rt: MeterRuntime, pushes: MeterStateView['pushes']): MeterStateView {
  const { meter } = rt.model;
  const { value, rates } = displayedValues(rt.model);
  return {
    meterId: meter.meterId,
    deviceId: meter.deviceId,
    utility: meter.utility,
    platform: meter.platform,
    value,
    unit: meter.utility === 'electricity' ? 'Wh' : 'L',
    ...(meter.utility === 'electricity' ? { registers: rates } : {}),
    supply: rt.model.supply,
    keepOn: rt.model.keepOn,
    online: rt.online,
    offlineUntil: rt.offlineUntilMs === null ? null : Number.isFinite(rt.offlineUntilMs) ? new Date(rt.offlineUntilMs).toISOString() : 'until told',
    heldCommands: rt.queue.length,
    lastReportAt: rt.lastReportAtMs === null ? null : new Date(rt.lastReportAtMs).toISOString(),
    pushes,
  };
}

