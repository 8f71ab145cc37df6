import { createHash, createHmac, randomBytes } from 'node:crypto';
import {
  AppError,
  CodecError,
  decodeMeterPayload,
  GatewayBatch,
  gatewayOfflineFinding,
  hexToBytes,
  isCodecError,
  meterPointKey,
  modbusMapOf,
  MqttRelayedBatch,
  notFound,
  readingFromModbusAnswer,
  scaleDecimalQuantity,
  unauthorized,
  alarmNotices,
  type CreateGatewayRequest,
  type DecodedReading,
  type GatewayReport,
  type MeterReport,
} from '@prepaid/shared';
import * as z from 'zod';
import type { Deps } from '../deps';
import type { Principal } from '../http/types';
import { gatewaySubject, type DevicePoint, type MeterState, type StoredGateway } from '../store';
import { openSecret, sealingKeyOf, sealSecret, SIGNATURE_WINDOW_S } from './api-keys';
import { actorOf } from './audit';
import { sameSecret } from './auth';
import { recordTrip } from './circuit-trips';
import { applyCommandResult } from './commands';
import { applyMeterReport, forgetDevice, rejectFrame } from './iot-ingest';
import { applyMeterState } from './meter-side';
import { applyReportedParams } from './parameters';
import { notifyAll } from './notifications';
import { managesBuilding, seesEveryBuilding } from './scope';
import { reconcileAndSend } from './supply-control';

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** What a gateway's list shows: never its secret. */
const viewOf = (gateway: StoredGateway) => ({
  id: gateway.id,
  name: gateway.name,
  buildingId: gateway.buildingId,
  kind: gateway.kind,
  silentAfterMinutes: gateway.silentAfterMinutes,
  online: gateway.online,
  lastSeenAt: gateway.lastSeenAt,
  fingerprint: gateway.fingerprint,
  createdAt: gateway.createdAt,
});

/** `POST /v1/admin/gateways`: a gateway in a building the caller manages; its signing secret is answered once and kept sealed. */
export async function createGateway(deps: Deps, principal: Principal, body: CreateGatewayRequest) {
  const building = (await deps.store.estate.existingBuildings([body.buildingId])).has(body.buildingId);
  if (!building || !managesBuilding(principal, body.buildingId)) throw notFound('building.not_found', `No building "${body.buildingId}"`);
  const secret = randomBytes(32).toString('base64url');
  const gateway: StoredGateway = {
    id: body.id,
    name: body.name,
    buildingId: body.buildingId,
    kind: body.kind,
    silentAfterMinutes: body.silentAfterMinutes ?? 30,
    sealedSecret: sealSecret(secret, sealingKeyOf(deps)),
    fingerprint: sha256Hex(secret).slice(0, 12),
    createdBy: actorOf(principal),
    createdAt: deps.clock.now().toISOString(),
    online: false,
    lastSeenAt: null,
  };
  if (!(await deps.store.gateways.create(gateway))) throw new AppError('gateway.exists', 409, `Gateway "${body.id}" already exists`);
  return { view: { ...viewOf(gateway), secret }, audit: { after: viewOf(gateway), buildingId: gateway.buildingId } };
}

/** `GET /v1/admin/gateways`: those of the caller's buildings, each with the meters behind it (circuits in order). */
export async function listGateways(deps: Deps, principal: Principal) {
  const all = await deps.store.gateways.list();
  const mine = all.filter((gateway) => seesEveryBuilding(principal) || managesBuilding(principal, gateway.buildingId));
  const items = [];
  for (const gateway of mine) {
    const device = await deps.store.meters.deviceOf('gateway', gateway.id);
    const points = device?.kind === 'multi' ? [...device.points.entries()] : [];
    const views = await deps.store.meters.views(points.map(([, point]) => point.meterId));
    const circuitOf = new Map(views.map((view) => [view.id, view.circuit ?? null]));
    const listed = points
      .map(([address, point]) => ({ meterId: point.meterId, address, circuit: circuitOf.get(point.meterId) ?? null }))
      .sort((a, b) => (a.circuit?.number ?? 99) - (b.circuit?.number ?? 99) || a.address.localeCompare(b.address));
    items.push({ ...viewOf(gateway), points: listed });
  }
  return { items, next: null };
}

/** The signature a gateway sends: hex HMAC-SHA256 of `timestamp + "\n" + body` under its secret. */
export function signGatewayRequest(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${body}`).digest('hex');
}

/**
 * The gateway that signed this request, or a 401 that says nothing more: an
 * unknown gateway, a timestamp more than 5 minutes from ours and a wrong
 * signature read the same to the caller (and are logged for us).
 */
export async function authenticateGateway(deps: Deps, gatewayId: string, headers: Readonly<Record<string, string>>, rawBody: string): Promise<StoredGateway> {
  const refuse = (why: string): never => {
    deps.log.warn({ gatewayId, why }, 'gateway request refused');
    throw unauthorized('Bad or missing gateway signature');
  };
  const timestamp = headers['x-gateway-timestamp'] ?? '';
  const signature = headers['x-gateway-signature'] ?? '';
  if (!/^\d{9,11}$/.test(timestamp) || !/^[0-9a-f]{64}$/.test(signature)) return refuse('malformed');
  if (Math.abs(deps.clock.now().getTime() / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_S) return refuse('timestamp');
  const gateway = await deps.store.gateways.get(gatewayId);
  if (!gateway) return refuse('unknown');
  let secret: string;
  try {
    secret = openSecret(gateway.sealedSecret, sealingKeyOf(deps));
  } catch (error) {
    deps.log.error({ err: error, gatewayId }, 'gateway secret does not open');
    return refuse('sealed');
  }
  if (!sameSecret(signature, signGatewayRequest(secret, timestamp, rawBody))) return refuse('signature');
  return gateway;
}

/** The batch in a request: the gateway's own JSON, or the same relayed by an MQTT broker's webhook. A 400 names what is wrong. */
export function parseGatewayBatch(rawBody: string): GatewayBatch {
  const fail = (cause: unknown): never => {
    const issue = cause instanceof z.ZodError ? cause.issues[0] : undefined;
    throw new AppError('gateway.malformed', 400, `Not a gateway batch${issue ? `: ${issue.path.join('.')} ${issue.message}` : ''}`, {
      cause,
      details: { field: issue ? `body.${issue.path.join('.')}` : 'body' },
    });
  };
  try {
    const body: unknown = JSON.parse(rawBody);
    const relayed = MqttRelayedBatch.safeParse(body);
    return GatewayBatch.parse(relayed.success ? JSON.parse(relayed.data.payload) : body);
  } catch (cause) {
    return fail(cause);
  }
}

/**
 * A run that has held a batch this long without finishing has died (a
 * Lambda past its 30 s timeout never lets go): the queue's next delivery,
 * 180 s on, takes it over instead of being refused until the dead-letter queue.
 */
const STALE_BATCH_MS = 2 * 60_000;
/** Meters of one batch processed at once: each meter's reports in order, meters side by side. */
const METERS_AT_ONCE = 8;

/**
 * Takes a gateway's batch once. The batch is claimed by its id before
 * anything is written; a copy sent again (the gateway lost our answer, a
 * store-and-forward replay) is answered with the first run's outcome and
 * touches nothing. Each meter's reports are applied in order, meters side by
 * side; a report for an address the gateway does not hold is counted, never
 * guessed at. Hearing from the gateway clears its offline alarm.
 */
export async function processGatewayBatch(deps: Deps, gateway: StoredGateway, batch: GatewayBatch, receivedAt: Date): Promise<string> {
  const at = receivedAt.toISOString();
  if (await deps.store.gateways.heardFrom(gateway.id, at)) await clearOffline(deps, gateway, receivedAt);
  if (batch.reports.length === 0) return 'heartbeat';
  const claimedAt = deps.clock.now().toISOString();
  const claim = await deps.store.gateways.claimBatch(gateway.id, batch.batchId, claimedAt, STALE_BATCH_MS);
  if (!claim.taken) {
    if (claim.claim.status === 'done') return `duplicate:${claim.claim.outcome ?? ''}`;
    throw new AppError('gateway.batch_in_progress', 409, `Batch "${batch.batchId}" is being processed; send it again later`);
  }
  try {
    const outcome = await applyBatch(deps, gateway, batch, receivedAt);
    await deps.store.gateways.finishBatch(gateway.id, batch.batchId, outcome);
    return outcome;
  } catch (error) {
    await deps.store.gateways.releaseBatch(gateway.id, batch.batchId, claimedAt);
    throw error;
  }
}

async function applyBatch(deps: Deps, gateway: StoredGateway, batch: GatewayBatch, receivedAt: Date): Promise<string> {
  const device = await deps.store.meters.deviceOf('gateway', gateway.id);
  const points = device?.kind === 'multi' ? device.points : new Map<string, DevicePoint>();
  const counts: Record<string, number> = {};
  const count = (what: string) => (counts[what] = (counts[what] ?? 0) + 1);
  const byMeter = new Map<string, GatewayReport[]>();
  for (const report of batch.reports) {
    const point = points.get(meterPointKey(report.address));
    if (!point) {
      count('unknown');
      continue;
    }
    byMeter.set(point.meterId, [...(byMeter.get(point.meterId) ?? []), report]);
  }
  forgetDevice('gateway', gateway.id);
  const queue = [...byMeter.entries()];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [meterId, reports] = next;
      // A meter's reports in the order they were read; an undated one is dated by the batch's arrival, as it is applied (a stable sort:
      // reports of one instant keep the gateway's order).
      const when = (report: GatewayReport) => (report.at ? Date.parse(report.at) : receivedAt.getTime());
      const inOrder = [...reports].sort((a, b) => when(a) - when(b));
      for (const report of inOrder) count(await applyReport(deps, meterId, report, batch.batchId, receivedAt));
    }
  };
  await Promise.all(Array.from({ length: Math.min(METERS_AT_ONCE, queue.length) }, worker));
  return `batch:${batch.reports.length} ${Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([what, n]) => `${what}:${n}`)
    .join(' ')}`;
}

/** One report of one meter; what became of it, to count. */
async function applyReport(deps: Deps, meterId: string, report: GatewayReport, batchId: string, receivedAt: Date): Promise<string> {
  const at = report.at ? new Date(report.at) : receivedAt;
  if (report.commandResult) {
    // Only a command of this meter: a result naming another meter's command (a gateway's mix-up) changes nothing.
    const sent = await deps.store.commands.byPlatformTask(`gateway:${report.commandResult.commandId}`);
    if (!sent || sent.meterId !== meterId) return 'command_unknown';
    const command = await applyCommandResult(deps, 'gateway', report.commandResult.commandId, report.commandResult.outcome, `gateway: ${report.commandResult.outcome}`);
    if (!command) return 'command_unknown';
    await deps.store.gateways.takeFromOutbox((await deps.store.meters.get(meterId))?.deviceId ?? '', meterId, command.id);
    if (report.commandResult.outcome === 'succeeded' && (command.action === 'cut' || command.action === 'restore')) {
      await deps.store.commands.setReportedSupply(meterId, command.action === 'cut' ? 'off' : 'on');
    }
    await reconcileAndSend(deps, meterId, { respectBackoff: true });
    return `command_${report.commandResult.outcome}`;
  }
  const state = await deps.store.meters.loadState(meterId);
  if (!state) return 'unknown';
  const { meter } = state;
  if (report.online !== undefined) {
    // Heard from when the batch arrived, whatever the gateway's clock says (as a platform push).
    await deps.store.meters.setPresence(meterId, report.online, report.online ? receivedAt.toISOString() : null);
    return report.online ? 'online' : 'offline';
  }
  if (report.trip) {
    await recordTrip(deps, meter, { ...report.trip, at });
    return 'trip';
  }
  if (report.meterState) return `meter_state_${await applyMeterState(deps, meter, report.meterState, at)}`;
  if (report.params) return `params_${await applyReportedParams(deps, meter, report.params, at)}`;
  let decoded: MeterReport;
  try {
    decoded = decodeReport(state, report);
  } catch (error) {
    if (!isCodecError(error)) throw error;
    await rejectFrame(deps, meter, error.reason, error.message);
    return 'rejected';
  }
  const raw = JSON.stringify({ gateway: meter.deviceId, batchId, report });
  const result = await applyMeterReport(deps, 'gateway', state, decoded, at, raw, receivedAt);
  return result.outcome.replace(/^reading:/, '');
}

const ENERGY_UNITS = { kWh: ['electricity', 3], Wh: ['electricity', 0], m3: ['water', 3], L: ['water', 0] } as const;

/**
 * A report's reading (or command answer), decoded with the meter's own
 * protocol or register map. What does not fit the meter is a CodecError:
 * that report is refused (with its alarm), never the batch around it.
 */
function decodeReport({ meter }: MeterState, report: GatewayReport): MeterReport {
  if (report.frame) {
    if (meter.protocol !== 'dlt645' && meter.protocol !== 'cjt188') throw new CodecError('unsupported', `a ${meter.protocol} meter sends no DL/T 645 or CJ/T 188 frame`);
    return decodeMeterPayload(hexToBytes(report.frame), meter.protocol, meter.address);
  }
  let reading: DecodedReading;
  if (report.modbus) {
    if (meter.protocol !== 'modbus' || !meter.model) throw new CodecError('unsupported', 'a Modbus answer for a meter without a register map');
    const map = modbusMapOf(meter.model);
    reading = readingFromModbusAnswer(map, hexToBytes(report.modbus.frame), Number(meter.address), report.modbus.start ?? map.block.start);
  } else if (report.energy) {
    const [utility, decimals] = ENERGY_UNITS[report.energy.unit];
    reading = { utility, totalBaseUnits: scaleDecimalQuantity(report.energy.value, decimals, 'energy.value') };
  } else {
    return { reading: null, commandAnswer: null };
  }
  return { reading, commandAnswer: null };
}

/** The gateway was heard from: its offline alarm clears. */
async function clearOffline(deps: Deps, gateway: StoredGateway, at: Date): Promise<void> {
  await deps.store.alarms.close(gatewaySubject(gateway.id), 'gateway_offline', { status: 'cleared', at: at.toISOString(), by: 'system' }).catch(() => undefined);
}

/**
 * The periodic look at every gateway: one silent for longer than it may be
 * goes offline with one alarm for the gateway (its meters' own silence is
 * the gateway's, and they raise none of their own meanwhile; see
 * `evaluateAlarms`). The building's managers are told once.
 */
export async function sweepGateways(deps: Deps): Promise<{ gateways: number; wentOffline: number }> {
  const now = deps.clock.now();
  let wentOffline = 0;
  const gateways = await deps.store.gateways.list();
  for (const gateway of gateways) {
    const silentSince = gateway.lastSeenAt ?? gateway.createdAt;
    if (!gateway.online || now.getTime() - Date.parse(silentSince) <= gateway.silentAfterMinutes * 60_000) continue;
    try {
      if (!(await deps.store.gateways.wentSilent(gateway.id, gateway.lastSeenAt))) continue;
      wentOffline += 1;
      const device = await deps.store.meters.deviceOf('gateway', gateway.id);
      const meterIds = device?.kind === 'multi' ? [...new Set([...device.points.values()].map((point) => point.meterId))] : [];
      const finding = gatewayOfflineFinding({ name: gateway.name, lastSeenAt: gateway.lastSeenAt, meters: meterIds.length });
      await deps.store.alarms.raise({ meterId: gatewaySubject(gateway.id), gatewayId: gateway.id, buildingId: gateway.buildingId, ...finding, raisedAt: now.toISOString() });
      // Managers are told through a meter of the gateway (notices are kept per meter; the building's managers are the gateway's).
      if (meterIds[0]) await notifyAll(deps, meterIds[0], alarmNotices([finding], `gateway_offline:${gateway.id}:${now.toISOString()}`, now.toISOString()));
    } catch (error) {
      deps.log.error({ err: error, gatewayId: gateway.id }, 'gateway not swept; the next sweep tries again');
    }
  }
  return { gateways: gateways.length, wentOffline };
}

/** `GET /v1/webhooks/gateways/{id}/commands`: the outbox, the command expiring first, first. */
export async function gatewayCommands(deps: Deps, gateway: StoredGateway) {
  const outbox = await deps.store.gateways.outbox(gateway.id, deps.clock.now().toISOString());
  // A purchase is money for the meter: one whose command has ended meanwhile (the meter was replaced, and the
  // new meter counts afresh) is taken out, never handed on, even if it reached the outbox after it ended.
  const due = await Promise.all(
    outbox.map(async (entry) => {
      if (!entry.purchase || !entry.createdAt) return true;
      const command = await deps.store.commands.get(entry.meterId, entry.createdAt, entry.commandId);
      if (command && ['queued', 'sent', 'delivered'].includes(command.status)) return true;
      await deps.store.gateways.takeFromOutbox(gateway.id, entry.meterId, entry.commandId);
      return false;
    }),
  );
  const waiting = outbox.filter((_, index) => due[index]);
  return {
    items: waiting
      .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt))
      .map((command) => ({ commandId: command.commandId, address: command.address, action: command.action, frame: command.frame, ...(command.purchase ? { purchase: command.purchase } : {}), ...(command.params ? { params: command.params } : {}), expiresAt: command.expiresAt })),
    next: null,
  };
}
