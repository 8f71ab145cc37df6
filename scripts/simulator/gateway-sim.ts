/**
 * Gateways in the simulator: a concentrator reading meters on its RS-485 bus
 * (meters that decode themselves, and Modbus meters whose raw answers it
 * forwards) and a dormitory multi-circuit terminal, each talking to the API
 * only as a real gateway does: signed batches to its webhook, its outbox
 * polled for commands, each command's result in a batch.
 */
import { randomUUID } from 'node:crypto';
import { bytesToHex, encodeModbusReadAnswer, encodeModbusRegisters, modbusMapOf } from '@prepaid/shared';
import { signGatewayRequest } from '../../functions/src/services/gateways';
import { electricityPowerW, householdProfile, SLOT_MS } from './load-curves';
import { randomFor } from './random';

/** One meter on a simulated gateway. */
export interface SimGatewayMeter {
  readonly meterId: string;
  /** Its address on the gateway (a Modbus slave number for `modbus`). */
  readonly address: string;
  /** `energy`: the gateway decodes the meter and sends kWh; `modbus`: it forwards the meter's raw answer (a DDS238's). */
  readonly reads: 'energy' | 'modbus';
  /** Share of a household's load this meter carries (a dormitory's lighting circuit carries little). */
  readonly loadShare: number;
  /** A circuit whose limit a forbidden appliance trips now and then (W), for a dormitory's lighting. */
  readonly tripLimitW?: number;
  readonly startValue: number;
  /**
   * A meter that keeps its own balance (表端计费): what it charges per kWh
   * (fen), and its balance and purchase count at the start. It takes a
   * purchase only if it is numbered one past its count, and reports its
   * balance and count with every reading.
   */
  readonly meterSide?: { readonly fenPerKwh: number; readonly balanceFen: number; readonly purchaseCount: number };
}

export interface SimGateway {
  readonly gatewayId: string;
  readonly secret: string;
  readonly meters: readonly SimGatewayMeter[];
}

export interface GatewaySimOptions {
  readonly apiUrl: string;
  readonly gateways: readonly SimGateway[];
  /** The simulated clock (shared with the NB-IoT meters). */
  readonly now: () => number;
  readonly reportEveryMs: number;
  readonly seed: number;
  readonly log: (line: string) => void;
  /** Real ms between two looks at the clock and the outbox (2 s). */
  readonly tickMs?: number;
  /** Chance per simulated day that a dormitory lighting circuit meets a heater (0.2). */
  readonly tripsPerDay?: number;
  /** A purchase the gateway acknowledges but its meter never takes (a lost frame on the bus): to show reconciliation at work. */
  readonly losesPurchase?: (meterId: string, count: number) => boolean;
  /** A parameter a meter does not take from its `nth` parameters command (a value out of its range, a write it refuses): to show the read-back at work. */
  readonly ignoresParameter?: (meterId: string, key: string, nth: number) => boolean;
}

interface MeterRun {
  readonly meter: SimGatewayMeter;
  value: number;
  supply: 'on' | 'off';
  /** A meter-side meter's own balance (fen, with its fraction in milli-fen) and purchase count. */
  own: { milliFen: number; purchaseCount: number } | null;
  /** A meter-side meter's parameters as it holds them, how far its clock is off, and how many parameter commands it took. */
  params: { held: Record<string, unknown>; clockOffsetMs: number; commands: number } | null;
  /** Until when a forbidden appliance stays plugged in (its circuit trips again if restored meanwhile). */
  heaterUntilMs: number;
}

/** The gateways as a test or a person sees them. */
export type GatewaySimState = { gatewayId: string; meters: { meterId: string; value: number; supply: 'on' | 'off'; balanceFen?: number; purchaseCount?: number }[] }[];

/** What a simulated gateway holds between ticks. */
interface GatewayRun {
  readonly gateway: SimGateway;
  readonly meters: Map<string, MeterRun>;
  lastReportMs: number;
  readonly done: Set<string>;
  busy: boolean;
}

/** Runs every gateway until stopped: a batch per report interval of simulated time, the outbox read each tick. */
export function startGatewaySimulator(options: GatewaySimOptions): { stop(): Promise<void>; state(): GatewaySimState } {
  const runs: GatewayRun[] = options.gateways.map((gateway) => ({
    gateway,
    meters: new Map(
      gateway.meters.map((meter) => [
        meter.address,
        {
          meter,
          value: meter.startValue,
          supply: 'on' as const,
          heaterUntilMs: 0,
          own: meter.meterSide ? { milliFen: meter.meterSide.balanceFen * 1000, purchaseCount: meter.meterSide.purchaseCount } : null,
          // A meter's clock drifts: ten minutes slow until it is set.
          params: meter.meterSide ? { held: {}, clockOffsetMs: -10 * 60_000, commands: 0 } : null,
        },
      ]),
    ),
    lastReportMs: options.now(),
    done: new Set(),
    busy: false,
  }));
  const tick = async (run: GatewayRun) => {
    if (run.busy) return;
    run.busy = true;
    try {
      await applyOutbox(options, run);
      const nowMs = options.now();
      while (run.lastReportMs + options.reportEveryMs <= nowMs) {
        const atMs = run.lastReportMs + options.reportEveryMs;
        const reports = advance(options, run, run.lastReportMs, atMs);
        await postBatch(options, run.gateway, `${run.gateway.gatewayId}-${atMs}`, reports);
        run.lastReportMs = atMs;
      }
    } catch (error) {
      options.log(`${run.gateway.gatewayId}: ${(error as Error).message}; trying again`);
    } finally {
      run.busy = false;
    }
  };
  const timer = setInterval(() => runs.forEach((run) => void tick(run)), options.tickMs ?? 2_000);
  options.log(`gateways: ${runs.map((run) => `${run.gateway.gatewayId} (${run.gateway.meters.length} meters)`).join(', ')}`);
  return {
    stop: async () => clearInterval(timer),
    state: () =>
      runs.map((run) => ({
        gatewayId: run.gateway.gatewayId,
        meters: [...run.meters.values()].map((m) => ({ meterId: m.meter.meterId, value: m.value, supply: m.supply, ...(m.own ? { balanceFen: Math.floor(m.own.milliFen / 1000), purchaseCount: m.own.purchaseCount } : {}) })),
      })),
  };
}

/** Consumption from `fromMs` to `toMs`, then each meter's report at `toMs` (and a trip, when a heater met a lighting circuit). */
function advance(options: GatewaySimOptions, run: GatewayRun, fromMs: number, toMs: number): unknown[] {
  const at = new Date(toMs).toISOString();
  const reports: unknown[] = [];
  for (const m of run.meters.values()) {
    const profile = householdProfile(options.seed, m.meter.meterId);
    const before = m.value;
    for (let slot = fromMs; slot < toMs && m.supply === 'on'; slot += SLOT_MS) {
      m.value += Math.round((electricityPowerW(profile, slot, randomFor(options.seed, m.meter.meterId, slot)) * m.meter.loadShare * Math.min(SLOT_MS, toMs - slot)) / 3_600_000);
    }
    if (m.own && m.meter.meterSide) {
      // The meter charges itself (its own flat price) and cuts itself at zero.
      m.own.milliFen -= (m.value - before) * m.meter.meterSide.fenPerKwh;
      if (m.own.milliFen <= 0 && m.supply === 'on') {
        m.supply = 'off';
        options.log(`${m.meter.meterId}: its own balance ran out: cut itself`);
      }
    }
    if (m.meter.tripLimitW !== undefined && m.supply === 'on') {
      const heater = m.heaterUntilMs > toMs || randomFor(options.seed, m.meter.meterId, 'heater', toMs)() < ((options.tripsPerDay ?? 0.2) * (toMs - fromMs)) / 86_400_000;
      if (heater) {
        if (m.heaterUntilMs <= toMs) m.heaterUntilMs = toMs + 6 * 3_600_000;
        m.supply = 'off';
        reports.push({ address: m.meter.address, at, trip: { cause: 'malicious_load', powerW: 1500, limitW: m.meter.tripLimitW } });
        options.log(`${m.meter.meterId}: a 1500 W heater on a ${m.meter.tripLimitW} W circuit: tripped`);
      }
    }
    if (m.own) reports.push({ address: m.meter.address, at, meterState: { balanceFen: Math.floor(m.own.milliFen / 1000), purchaseCount: m.own.purchaseCount } });
    if (m.params) reports.push({ address: m.meter.address, at, params: { ...m.params.held, clockAt: new Date(toMs + m.params.clockOffsetMs).toISOString() } });
    if (m.meter.reads === 'modbus') {
      const map = modbusMapOf('hiking-dds238');
      // The DDS238 counts 0.01 kWh: its register shows the Wh rounded down to 10.
      const words = encodeModbusRegisters(map, { energyWh: Math.floor(m.value / 10) * 10, voltageDecivolts: 2300 });
      reports.push({ address: m.meter.address, at, modbus: { frame: bytesToHex(encodeModbusReadAnswer(Number(m.meter.address), 0x03, words), '') } });
    } else {
      reports.push({ address: m.meter.address, at, energy: { value: `${Math.floor(m.value / 1000)}.${String(m.value % 1000).padStart(3, '0')}`, unit: 'kWh' } });
    }
  }
  return reports;
}

/** Reads the outbox and carries each new command out on the bus at once, reporting what the meter did. */
async function applyOutbox(options: GatewaySimOptions, run: GatewayRun): Promise<void> {
  const waiting = (await signedFetch(options, run.gateway, 'GET', `/v1/webhooks/gateways/${run.gateway.gatewayId}/commands`, '')) as {
    items: { commandId: string; address: string; action: string; purchase?: { count: number; amountFen: number }; params?: Record<string, unknown> }[];
  };
  const results: unknown[] = [];
  for (const command of waiting.items) {
    if (run.done.has(command.commandId)) continue;
    const m = run.meters.get(command.address);
    let ok = m !== undefined && (command.action === 'cut' || command.action === 'restore' || command.action === 'keep_on' || command.action === 'keep_off');
    if (m && command.action === 'cut') m.supply = 'off';
    if (m && command.action === 'restore') m.supply = 'on';
    if (m?.own && command.action === 'purchase' && command.purchase) {
      // The meter takes only the next number (a replay or a skipped one is refused), unless the bus loses the frame.
      ok = command.purchase.count === m.own.purchaseCount + 1;
      if (ok && !(options.losesPurchase?.(m.meter.meterId, command.purchase.count) ?? false)) {
        m.own.purchaseCount = command.purchase.count;
        m.own.milliFen += command.purchase.amountFen * 1000;
        if (m.own.milliFen > 0 && m.supply === 'off') m.supply = 'on';
      } else if (ok) options.log(`${m.meter.meterId}: purchase ${command.purchase.count} lost on the bus`);
    }
    if (m?.params && command.action === 'set_params' && command.params) {
      ok = true;
      m.params.commands += 1;
      for (const [key, value] of Object.entries(command.params)) {
        if (options.ignoresParameter?.(m.meter.meterId, key, m.params.commands)) continue;
        if (key === 'clock') m.params.clockOffsetMs = 0;
        else m.params.held[key] = value;
      }
    }
    results.push({ address: command.address, commandResult: { commandId: command.commandId, outcome: ok ? 'succeeded' : 'failed' } });
    run.done.add(command.commandId);
    options.log(`${run.gateway.gatewayId}: ${command.action} on ${m?.meter.meterId ?? command.address}: ${ok ? 'done' : 'refused'}`);
  }
  if (results.length > 0) await postBatch(options, run.gateway, `results-${randomUUID()}`, results);
}

async function postBatch(options: GatewaySimOptions, gateway: SimGateway, batchId: string, reports: unknown[]): Promise<void> {
  await signedFetch(options, gateway, 'POST', `/v1/webhooks/gateways/${gateway.gatewayId}`, JSON.stringify({ batchId, sentAt: new Date(options.now()).toISOString(), reports }));
}

async function signedFetch(options: GatewaySimOptions, gateway: SimGateway, method: 'GET' | 'POST', path: string, body: string): Promise<unknown> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const response = await fetch(`${options.apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-gateway-timestamp': timestamp, 'x-gateway-signature': signGatewayRequest(gateway.secret, timestamp, body) },
    ...(method === 'POST' ? { body } : {}),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as unknown;
}
