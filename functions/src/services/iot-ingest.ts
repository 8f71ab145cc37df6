import { decodeMeterPayload, isCodecError, mapIotdaProperties, rejectedFrameFinding, type DecodedReading, type MeterReport } from '@prepaid/shared';
import type { IotEvent, Platform } from '../adapters/iot/events';
import type { Deps } from '../deps';
import type { MeterRecord } from '../store';
import { raise } from './alarms';
import { processReading } from './billing';
import { applyCommandResult } from './commands';
import { reconcileAndSend } from './supply-control';

export interface PushOutcome {
  readonly outcome: string;
  readonly meterId?: string;
}

/**
 * Handles one authenticated platform push and archives it with what became
 * of it. A push from an unknown device or with a frame that does not decode
 * is recorded (and a rejected frame raises an alarm) but bills nothing.
 */
export async function handlePush(deps: Deps, platform: Platform, rawBody: string, event: IotEvent): Promise<PushOutcome> {
  const receivedAt = deps.clock.now().toISOString();
  let result: PushOutcome = { outcome: 'error' };
  try {
    result = await handleEvent(deps, platform, event);
    return result;
  } finally {
    await deps.store.pushes.archive({
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

async function handleEvent(deps: Deps, platform: Platform, event: IotEvent): Promise<PushOutcome> {
  if (event.type === 'ignored') return { outcome: `ignored:${event.reason}` };
  if (event.type === 'command_result') {
    const command = await applyCommandResult(deps, platform, event.taskId, event.outcome, event.detail);
    // A command that ended (failed, or succeeded after the balance moved on) may leave the meter short of what it needs.
    if (command && (command.status === 'failed' || command.status === 'succeeded')) await reconcileAndSend(deps, command.meterId, { respectBackoff: true });
    return { outcome: command ? `command_result:${event.outcome}` : 'command_result:unknown_task', ...(command ? { meterId: command.meterId } : {}) };
  }
  const meter = await deps.store.meters.findByDevice(platform, event.deviceId, event.imei);
  if (!meter) return { outcome: 'unknown_device' };
  // When the meter was heard from is when its push arrived: a backlog or a wrong clock says nothing about now.
  const heardAt = deps.clock.now();
  if (event.type === 'presence') {
    await deps.store.meters.setPresence(meter.id, event.online, event.online ? heardAt.toISOString() : null);
    return { outcome: event.online ? 'online' : 'offline', meterId: meter.id };
  }
  let report: MeterReport;
  try {
    report =
      event.payload.kind === 'bytes'
        ? decodeMeterPayload(event.payload.bytes, meter.protocol === 'cjt188' ? 'cjt188' : 'dlt645', meter.address)
        : { reading: mapIotdaProperties(event.payload.services), commandAnswer: null };
  } catch (error) {
    if (!isCodecError(error)) throw error;
    await rejectFrame(deps, meter, error.reason, error.message);
    return { outcome: `rejected:${error.reason}`, meterId: meter.id };
  }
  // Heard from: throttled to one write per 10 minutes while it keeps reporting.
  const lastReportMs = meter.lastReportAt ? Date.parse(meter.lastReportAt) : 0;
  if (!meter.online || heardAt.getTime() - lastReportMs > 10 * 60_000) await deps.store.meters.setPresence(meter.id, true, heardAt.toISOString());
  if (report.commandAnswer) {
    await applyDeviceAnswer(deps, meter, report.commandAnswer);
    await reconcileAndSend(deps, meter.id, { respectBackoff: true });
  }
  if (!report.reading) return { outcome: report.commandAnswer ? `command_answer:${report.commandAnswer}` : 'no_reading', meterId: meter.id };
  const billed = await billDecoded(deps, platform, meter, report.reading, event.at);
  return { outcome: `reading:${billed}`, meterId: meter.id };
}

/** DL/T 645 rate registers 1..4 are 尖, 峰, 平, 谷 (sharp, peak, flat, valley). */
function periodRegisters(reading: DecodedReading) {
  const r = reading.registers;
  if (!r) return undefined;
  const entries = Object.entries({ sharp: r.rate1, peak: r.rate2, flat: r.rate3, valley: r.rate4 }).filter(([, v]) => v !== undefined);
  return entries.length > 0 ? (Object.fromEntries(entries) as Record<string, number>) : undefined;
}

async function billDecoded(deps: Deps, platform: Platform, meter: MeterRecord, reading: DecodedReading, receivedAt: Date): Promise<string> {
  if ((reading.utility === 'water') !== (meter.utility === 'water')) {
    await rejectFrame(deps, meter, 'wrong_utility', `a ${reading.utility} reading for a ${meter.utility} meter`);
    return 'rejected';
  }
  const registers = periodRegisters(reading);
  const { reading: stored, duplicate } = await processReading(deps, meter, {
    value: reading.totalBaseUnits,
    unit: meter.utility === 'electricity' ? 'Wh' : 'L',
    at: reading.at ?? receivedAt,
    ...(registers ? { registers } : {}),
    ...(reading.status ? { status: reading.status } : {}),
    source: platform,
  });
  // A quarantined reading (a time that cannot be trusted, a register that jumped, one that cannot be priced) is a manager's to look at.
  if (stored.status === 'anomaly' && !duplicate) await rejectFrame(deps, meter, stored.reason ?? 'anomaly', `reading ${stored.value} ${stored.unit} at ${stored.reportedAt ?? stored.at}`);
  if (reading.status?.valve === 'open' || reading.status?.valve === 'closed') {
    await recordReportedValve(deps, meter.id, reading.status.valve === 'open' ? 'on' : 'off');
  }
  return stored.status;
}

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

async function rejectFrame(deps: Deps, meter: MeterRecord, reason: string, message: string): Promise<void> {
  const now = deps.clock.now();
  await raise(deps, meter.id, rejectedFrameFinding(reason, { at: now, detail: message }), now);
}
