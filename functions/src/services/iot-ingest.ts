import { decodeMeterPayload, framesByAddress, isCodecError, mapIotdaProperties, rejectedFrameFinding, type DecodedReading, type MeterReport } from '@prepaid/shared';
import type { IotEvent, Platform } from '../adapters/iot/events';
import type { Deps } from '../deps';
import type { DeviceMeters, DevicePoint, MeterRecord, MeterState } from '../store';
import { raiseAndTell } from './alarms';
import { recordReading } from './billing';
import { applyCommandResult } from './commands';
import { reconcileAndSend } from './supply-control';

export interface PushOutcome {
  readonly outcome: string;
  readonly meterId?: string;
  /** The raw push was stored with what it became (a reading): no archive item of its own. */
  readonly archived?: boolean;
}

/** How long a container trusts what it learnt of a device's meters: a device is re-provisioned rarely, and a miss costs one read. */
const DEVICE_CACHE_MS = 10 * 60_000;
const deviceCache = new Map<string, { device: DeviceMeters; atMs: number }>();

/** What a platform device (or its IMEI) is, remembered per container so a push reads only its meters' state. */
async function deviceOf(deps: Deps, platform: string, deviceId: string, imei: string | undefined): Promise<DeviceMeters | null> {
  const key = `${platform}|${deviceId}`;
  const cached = deviceCache.get(key);
  if (cached && Date.now() - cached.atMs < DEVICE_CACHE_MS) return cached.device;
  const device = await deps.store.meters.deviceOf(platform, deviceId, imei);
  if (device) deviceCache.set(key, { device, atMs: Date.now() });
  return device;
}

/** Forgets a device, so its next push reads it again (a circuit added, a meter replaced). */
export function forgetDevice(platform: string, deviceId: string): void {
  deviceCache.delete(`${platform}|${deviceId}`);
}

/**
 * Handles one authenticated platform push. A reading's push is archived in
 * the reading itself (one transaction, see `recordReading`); every other
 * push is archived on its own with what became of it. A push from an
 * unknown device or with a frame that does not decode is recorded (and a
 * rejected frame raises an alarm) but bills nothing.
 */
export async function handlePush(deps: Deps, platform: Platform, rawBody: string, event: IotEvent, received: Date = deps.clock.now()): Promise<PushOutcome> {
  const receivedAt = received.toISOString();
  let result: PushOutcome = { outcome: 'error' };
  try {
    result = await handleEvent(deps, platform, event, rawBody, received);
    return result;
  } finally {
    if (!result.archived) await deps.store.pushes.archive({
      id: deps.ids.next(),
      platform,
      receivedAt,
      raw: rawBody,
      outcome: result.outcome,
      ...('deviceId' in event && event.deviceId ? { deviceId: event.deviceId } : {}),
      ...(result.meterId ? { meterId: result.meterId } : {}),
    });
  }
}

async function handleEvent(deps: Deps, platform: Platform, event: IotEvent, rawBody: string, receivedAt: Date): Promise<PushOutcome> {
  if (event.type === 'ignored') return { outcome: `ignored:${event.reason}` };
  if (event.type === 'command_result') {
    const command = await applyCommandResult(deps, platform, event.taskId, event.outcome, event.detail);
    // A command that ended (failed, or succeeded after the balance moved on) may leave the meter short of what it needs.
    if (command && (command.status === 'failed' || command.status === 'succeeded')) await reconcileAndSend(deps, command.meterId, { respectBackoff: true });
    return { outcome: command ? `command_result:${event.outcome}` : 'command_result:unknown_task', ...(command ? { meterId: command.meterId } : {}) };
  }
  const device = await deviceOf(deps, platform, event.deviceId, event.imei);
  if (device?.kind === 'multi') return handleMultiPoint(deps, platform, event, device.points, rawBody, receivedAt);
  const state = device ? await deps.store.meters.loadState(device.meterId) : null;
  if (!state) {
    forgetDevice(platform, event.deviceId);
    return { outcome: 'unknown_device' };
  }
  // When the meter was heard from is when its push arrived (a queued push: when the webhook took it), whatever the meter's clock says.
  if (event.type === 'presence') {
    await deps.store.meters.setPresence(state.meter.id, event.online, event.online ? receivedAt.toISOString() : null);
    return { outcome: event.online ? 'online' : 'offline', meterId: state.meter.id };
  }
  return handleMeterUplink(deps, platform, state, event.payload, event.at, rawBody, receivedAt);
}

type Uplink = Extract<IotEvent, { type: 'uplink' }>;

/**
 * A device of several metering points (a dormitory terminal's circuits, a
 * cabinet of multi-user meters): its presence is every point's, and its
 * payload is split by the address each frame carries, each part handled as
 * that meter's own push. A frame for an address the device does not hold is
 * counted and archived, never guessed at.
 */
async function handleMultiPoint(deps: Deps, platform: Platform, event: Exclude<IotEvent, { type: 'ignored' } | { type: 'command_result' }>, points: ReadonlyMap<string, DevicePoint>, rawBody: string, receivedAt: Date): Promise<PushOutcome> {
  const meterIds = [...new Set([...points.values()].map((point) => point.meterId))];
  if (event.type === 'presence') {
    for (const meterId of meterIds) await deps.store.meters.setPresence(meterId, event.online, event.online ? receivedAt.toISOString() : null);
    return { outcome: `${event.online ? 'online' : 'offline'}:${meterIds.length}` };
  }
  const protocol = [...points.values()][0]?.protocol;
  if (event.payload.kind !== 'bytes' || (protocol !== 'dlt645' && protocol !== 'cjt188')) return { outcome: 'unsupported:multi_point_payload' };
  let groups: Map<string, Uint8Array>;
  try {
    groups = framesByAddress(event.payload.bytes, protocol);
  } catch (error) {
    if (!isCodecError(error)) throw error;
    return { outcome: `rejected:${error.reason}` };
  }
  const outcomes: string[] = [];
  let archived = true;
  for (const [address, bytes] of groups) {
    const point = points.get(address);
    const state = point ? await deps.store.meters.loadState(point.meterId) : null;
    if (!state) {
      outcomes.push(`${address}:unknown_point`);
      archived = false;
      continue;
    }
    const result = await handleMeterUplink(deps, platform, state, { kind: 'bytes', bytes }, event.at, rawBody, receivedAt);
    outcomes.push(`${state.meter.id}:${result.outcome}`);
    archived &&= result.archived === true;
  }
  return { outcome: `points:${outcomes.join(',')}`.slice(0, 500), archived };
}

/** One meter's part of an uplink, decoded with its protocol and applied. */
async function handleMeterUplink(deps: Deps, platform: Platform, state: MeterState, payload: Uplink['payload'], at: Date, rawBody: string, receivedAt: Date): Promise<PushOutcome> {
  const { meter } = state;
  let report: MeterReport;
  try {
    report =
      payload.kind === 'bytes'
        ? decodeMeterPayload(payload.bytes, meter.protocol === 'cjt188' ? 'cjt188' : 'dlt645', meter.address)
        : { reading: mapIotdaProperties(payload.services), commandAnswer: null };
  } catch (error) {
    if (!isCodecError(error)) throw error;
    await rejectFrame(deps, meter, error.reason, error.message);
    return { outcome: `rejected:${error.reason}`, meterId: meter.id };
  }
  return applyMeterReport(deps, platform, state, report, at, rawBody, receivedAt);
}

/**
 * What a meter reported, whatever carried it (a platform push, a gateway's
 * batch): its command answer, then its reading, decided and committed with
 * the state just loaded.
 */
export async function applyMeterReport(deps: Deps, source: Platform | 'gateway', state: MeterState, report: MeterReport, at: Date, raw: string, receivedAt: Date): Promise<PushOutcome> {
  const { meter } = state;
  if (report.commandAnswer) {
    await deps.store.meters.setPresence(meter.id, true, receivedAt.toISOString());
    await applyDeviceAnswer(deps, meter, report.commandAnswer);
    await reconcileAndSend(deps, meter.id, { respectBackoff: true });
  }
  if (!report.reading) return { outcome: report.commandAnswer ? `command_answer:${report.commandAnswer}` : 'no_reading', meterId: meter.id };
  // The common push: the state just loaded is decided on and committed with the reading (presence, charge, alarms, supply) at once.
  const billed = await billDecoded(deps, source, state, report.reading, at, raw);
  return { outcome: `reading:${billed}`, meterId: meter.id, archived: billed !== 'rejected' };
}

/** DL/T 645 rate registers 1..4 are 尖, 峰, 平, 谷 (sharp, peak, flat, valley). */
function periodRegisters(reading: DecodedReading) {
  const r = reading.registers;
  if (!r) return undefined;
  const entries = Object.entries({ sharp: r.rate1, peak: r.rate2, flat: r.rate3, valley: r.rate4 }).filter(([, v]) => v !== undefined);
  return entries.length > 0 ? (Object.fromEntries(entries) as Record<string, number>) : undefined;
}

async function billDecoded(deps: Deps, platform: Platform | 'gateway', state: MeterState, reading: DecodedReading, receivedAt: Date, raw: string): Promise<string> {
  const { meter } = state;
  if ((reading.utility === 'water') !== (meter.utility === 'water')) {
    await rejectFrame(deps, meter, 'wrong_utility', `a ${reading.utility} reading for a ${meter.utility} meter`);
    return 'rejected';
  }
  const registers = periodRegisters(reading);
  const { reading: stored } = await recordReading(
    deps,
    meter.id,
    {
      value: reading.totalBaseUnits,
      unit: meter.utility === 'electricity' ? 'Wh' : 'L',
      at: reading.at ?? receivedAt,
      ...(registers ? { registers } : {}),
      ...(reading.status ? { status: reading.status } : {}),
      source: platform,
      raw: raw.slice(0, MAX_ARCHIVED_CHARS),
    },
    { loaded: state },
  );
  // A valve state that answers a pending valve command settles it (uncommon: only while a valve command is out).
  const valve = reading.status?.valve;
  if ((valve === 'open' || valve === 'closed') && (meter.pendingSupply || meter.supply !== (valve === 'open' ? 'on' : 'off'))) {
    await recordReportedValve(deps, meter.id, valve === 'open' ? 'on' : 'off');
  }
  return stored.status;
}

/** A push archived with its reading keeps its first 8 KB (a push is a few hundred bytes; a runaway one is cut). */
const MAX_ARCHIVED_CHARS = 8_000;

/**
 * A valve state the meter reports settles a pending valve command that wanted
 * it, and is the meter's supply; the supply rule then sees the truth (a valve
 * closed by hand, a restore that never happened).
 */
async function recordReportedValve(deps: Deps, meterId: string, supply: 'on' | 'off'): Promise<void> {
  // Read afresh: the reading's own posting may just have queued or superseded a command.
  const meter = await deps.store.meters.get(meterId);
  if (!meter) return;
  const pending = meter.pendingSupply;
  const answers = pending !== null && pending !== undefined && (pending.action === 'cut') === (supply === 'off');
  if (answers) await applyDeviceAnswer(deps, meter, 'ok');
  if (meter.supply !== supply) await deps.store.commands.setReportedSupply(meter.id, supply);
  if (answers || meter.supply !== supply) await reconcileAndSend(deps, meter.id);
}

/** The meter's own answer (DL/T 645 9C/DC, CJ/T 188 84) to the supply command in flight. */
async function applyDeviceAnswer(deps: Deps, meter: MeterRecord, answer: 'ok' | 'error'): Promise<void> {
  const pending = meter.pendingSupply;
  if (!pending) return;
  const command = await deps.store.commands.get(meter.id, pending.createdAt, pending.commandId);
  // Only a command that went out can be what the meter answers (its frame does not say which command it answers).
  if (!command || !['sent', 'delivered'].includes(command.status)) return;
  await deps.store.commands.tryTransition(command, answer === 'ok' ? 'succeeded' : 'failed', deps.clock.now().toISOString(), { detail: `meter answered ${answer}` });
}

export async function rejectFrame(deps: Deps, meter: MeterRecord, reason: string, message: string): Promise<void> {
  const now = deps.clock.now();
  await raiseAndTell(deps, meter.id, rejectedFrameFinding(reason, { at: now, detail: message }), now);
}
