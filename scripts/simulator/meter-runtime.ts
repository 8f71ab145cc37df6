/**
 * One meter's life in simulated time: hourly reports, outages, and the
 * commands it receives, each happening at its own simulated instant. The
 * simulator calls `runMeterUntil` on every tick; events are played in time
 * order and use is counted up to each event before it happens.
 */
import { commandAnswerFrame, energyReportFrames, flowReportFrame, paddedAddress, type MeterOperation } from './frames';
import { advanceMeter, applyOperation, createMeterModel, displayedValues, type MeterModel } from './meter-model';
import type { Uplink } from './platform-pushes';
import { between, randomFor } from './random';
import type { SimMeter } from './types';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** A command the meter has been given, applied once. */
export interface MeterCommand {
  readonly commandId: string;
  readonly taskId: string;
  readonly operation: MeterOperation;
  /** When an awake meter acts on it; null while it waits for the meter to wake up. */
  applyAtMs: number | null;
  /** Whether the meter carried it out; null until it has acted on it. */
  accepted: boolean | null;
}

export interface MeterRuntime {
  readonly model: MeterModel;
  online: boolean;
  /** When an outage ends: Infinity until `setOnline`, null while online. */
  offlineUntilMs: number | null;
  nextReportAtMs: number;
  reportIndex: number;
  lastReportAtMs: number | null;
  readonly commands: Map<string, MeterCommand>;
  /** Commands not yet applied, in arrival order. */
  readonly queue: MeterCommand[];
  /** "Close allowed": when the tenant presses the button. */
  buttonPressAtMs: number | null;
}

/** What a meter needs from the simulator around it. */
export interface RuntimeContext {
  readonly seed: number;
  readonly speed: number;
  readonly reportEveryMs: number;
  readonly ratesEveryReports: number;
  readonly offlineProbability: number;
  readonly offlineHours: readonly [number, number];
  readonly commandDelayMs: number;
  readonly send: (meterId: string, uplink: Uplink, options?: { report?: boolean }) => void;
  readonly log: (line: string) => void;
}

/** A meter at `startAtMs`, its first report at its own minute past the next report boundary. */
export function createMeterRuntime(meter: SimMeter, context: RuntimeContext, startAtMs: number): MeterRuntime {
  const offsetMs = Math.floor(randomFor(context.seed, meter.meterId, 'report-offset')() * Math.min(5 * MINUTE_MS, context.reportEveryMs / 4));
  const every = context.reportEveryMs;
  return {
    model: createMeterModel(meter, context.seed, startAtMs),
    online: true,
    offlineUntilMs: null,
    nextReportAtMs: Math.floor((startAtMs - offsetMs) / every) * every + every + offsetMs,
    reportIndex: 0,
    lastReportAtMs: null,
    commands: new Map(),
    queue: [],
    buttonPressAtMs: null,
  };
}

type MeterEvent = { atMs: number; run: () => void };

function nextEvent(rt: MeterRuntime, context: RuntimeContext): MeterEvent | null {
  const events: MeterEvent[] = [{ atMs: rt.nextReportAtMs, run: () => report(rt, context, rt.nextReportAtMs) }];
  const ends = rt.offlineUntilMs;
  if (ends !== null && Number.isFinite(ends)) events.push({ atMs: ends, run: () => comeOnline(rt, context, ends) });
  const press = rt.buttonPressAtMs;
  if (press !== null) events.push({ atMs: press, run: () => pressButton(rt, context) });
  const applyAtMs = rt.queue[0]?.applyAtMs ?? null;
  if (rt.online && applyAtMs !== null) events.push({ atMs: applyAtMs, run: () => applyCommand(rt, context, applyAtMs) });
  return events.reduce((first, event) => (event.atMs < first.atMs ? event : first));
}

/** Plays every event due up to `nowMs`, counting use up to each. */
export function runMeterUntil(rt: MeterRuntime, context: RuntimeContext, nowMs: number): void {
  for (let event = nextEvent(rt, context); event && event.atMs <= nowMs; event = nextEvent(rt, context)) {
    advanceMeter(rt.model, event.atMs);
    event.run();
  }
  advanceMeter(rt.model, nowMs);
}

function report(rt: MeterRuntime, context: RuntimeContext, atMs: number): void {
  rt.nextReportAtMs += context.reportEveryMs;
  rt.reportIndex += 1;
  if (!rt.online) return;
  const outage = randomFor(context.seed, rt.model.meter.meterId, 'outage', rt.reportIndex);
  if (outage() < context.offlineProbability) {
    goOffline(rt, context, atMs, between(outage, context.offlineHours[0], context.offlineHours[1]));
    return;
  }
  sendReport(rt, context, atMs);
}

/** The meter's cumulative register (and, every few reports, its rate registers) as it would answer a read. */
export function sendReport(rt: MeterRuntime, context: RuntimeContext, atMs: number): void {
  const { meter } = rt.model;
  const { value, rates } = displayedValues(rt.model);
  const withRates = context.ratesEveryReports > 0 && rt.reportIndex % context.ratesEveryReports === 0;
  const bytes = meter.protocol === 'dlt645' ? energyReportFrames(paddedAddress(meter), value, withRates ? rates : undefined) : flowReportFrame(paddedAddress(meter), value, rt.model.supply, atMs);
  context.send(meter.meterId, { kind: 'data', atMs, bytes, what: 'report' }, { report: true });
  rt.lastReportAtMs = atMs;
}

/** Drops off the network for `hours` (Infinity: until told). The platform reports it; the meter stays silent. */
export function goOffline(rt: MeterRuntime, context: RuntimeContext, atMs: number, hours: number): void {
  if (!rt.online) return;
  rt.online = false;
  rt.offlineUntilMs = Number.isFinite(hours) ? atMs + Math.round(hours * HOUR_MS) : Infinity;
  for (const command of rt.queue) command.applyAtMs = null;
  context.send(rt.model.meter.meterId, { kind: 'presence', atMs, online: false });
  context.log(`${rt.model.meter.meterId} went offline${Number.isFinite(hours) ? ` for ${Math.round(hours * 10) / 10} simulated hours` : ''}`);
}

/** Back on the network: the platform says so, the meter reports at once and takes the commands held for it. */
export function comeOnline(rt: MeterRuntime, context: RuntimeContext, atMs: number): void {
  if (rt.online) return;
  rt.online = true;
  rt.offlineUntilMs = null;
  context.send(rt.model.meter.meterId, { kind: 'presence', atMs, online: true });
  sendReport(rt, context, atMs);
  for (const command of rt.queue) command.applyAtMs = atMs + commandDelay(context, command.commandId);
  context.log(`${rt.model.meter.meterId} is back online${rt.queue.length > 0 ? `; ${rt.queue.length} held command(s) delivered` : ''}`);
}

/** Real NB-IoT delivery takes a while; a fast clock keeps it under two real seconds. */
export function commandDelay(context: RuntimeContext, commandId: string): number {
  const base = Math.min(context.commandDelayMs, 2_000 * context.speed);
  return Math.round(base * between(randomFor(context.seed, commandId, 'delay'), 0.7, 1.3));
}

function applyCommand(rt: MeterRuntime, context: RuntimeContext, atMs: number): void {
  const command = rt.queue.shift();
  if (!command) return;
  const { meter } = rt.model;
  const outcome = applyOperation(rt.model, command.operation);
  command.accepted = outcome.accepted;
  const answer = commandAnswerFrame(paddedAddress(meter), command.operation, outcome.accepted, rt.model.supply);
  context.send(meter.meterId, { kind: 'data', atMs, bytes: answer, what: 'command answer' });
  if (meter.protocol === 'cjt188') {
    const { value } = displayedValues(rt.model);
    context.send(meter.meterId, { kind: 'data', atMs, bytes: flowReportFrame(paddedAddress(meter), value, rt.model.supply, atMs), what: 'report' });
  }
  context.send(meter.meterId, { kind: 'command_result', atMs, taskId: command.taskId, ok: outcome.accepted });
  if (outcome.awaitsButton) {
    const waitMs = Math.min(between(randomFor(context.seed, command.commandId, 'button'), 5, 40) * MINUTE_MS, 4_000 * context.speed);
    rt.buttonPressAtMs = atMs + Math.round(waitMs);
  }
  const what = command.operation.kind === 'relay' ? command.operation.action : `valve ${command.operation.action}`;
  context.log(`${meter.meterId}: ${what} ${outcome.accepted ? 'done' : 'refused (keep-power mode)'}; supply ${rt.model.supply}`);
}

function pressButton(rt: MeterRuntime, context: RuntimeContext): void {
  rt.buttonPressAtMs = null;
  rt.model.supply = 'on';
  context.log(`${rt.model.meter.meterId}: the tenant pressed the button; supply on`);
}
