import { type CommandView, AppError, commandExpiredFinding, encodeCjt188Valve, encodeDlt645Control, meterTimeFromDate, notFound } from '@prepaid/shared';
import { raiseAndTell } from './alarms';
import type { Deps } from '../deps';
import type { CommandAction, MeterRecord, StoredCommand } from '../store';

type CommandDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'config' | 'downlinks' | 'log' | 'messages' | 'sms' | 'metrics'>;

/** Re-send delays for a command the platform has not confirmed: sleeping NB-IoT meters wake a few times a day. */
const RETRY_DELAYS_MS = [15_000, 60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 3 * 60 * 60_000, 6 * 60 * 60_000];
const retryDelay = (attempts: number): number => RETRY_DELAYS_MS[Math.min(attempts, RETRY_DELAYS_MS.length - 1)] ?? 60_000;

/** A new command, due now, expiring after the configured time. */
/** A command as the API shows it: without the dispatcher's bookkeeping. */
export const commandView = ({ meterId: _meterId, nextAttemptAt: _next, platformTaskId: _task, detail: _detail, ...view }: StoredCommand): CommandView => view;

export function newCommand(deps: Pick<Deps, 'clock' | 'ids' | 'config'>, meterId: string, action: CommandAction, requestedBy: string, reason: string): StoredCommand {
  const now = deps.clock.now();
  return {
    id: deps.ids.next(),
    meterId,
    action,
    status: 'queued',
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    requestedBy,
    reason,
    attempts: 0,
    nextAttemptAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.config.commands.ttlHours * 3_600_000).toISOString(),
    history: [{ status: 'queued', at: now.toISOString(), detail: reason }],
  };
}

/** Queues a keep-power command (DL/T 645 keep_on / keep_off; water valves have none). Supply commands go through the supply rule. */
export async function queueKeepCommand(deps: CommandDeps, meter: MeterRecord, action: 'keep_on' | 'keep_off', requestedBy: string, reason: string): Promise<StoredCommand | null> {
  const queued = await deps.store.commands.enqueue(newCommand(deps, meter.id, action, requestedBy, reason));
  if (queued) deps.log.info({ meterId: meter.id, commandId: queued.id, action }, 'command queued');
  return queued;
}

/** Sends one due command through its platform, or expires it. */
export async function dispatchCommand(deps: CommandDeps, command: StoredCommand, depth = 0): Promise<StoredCommand> {
  const now = deps.clock.now();
  if (now.toISOString() >= command.expiresAt) {
    const expired = await deps.store.commands.tryTransition(command, 'expired', now.toISOString(), { detail: 'not confirmed before it expired' });
    if (!expired) return (await deps.store.commands.get(command.meterId, command.createdAt, command.id)) ?? command;
    // Counted where the expiry is claimed: once, whoever dispatched it (the sweep, react, a supply decision).
    deps.metrics.add('CommandsExpired', 1);
    const meter = await deps.store.meters.get(command.meterId);
    const finding = commandExpiredFinding({ id: command.id, action: command.action, createdAt: new Date(command.createdAt), attempts: command.attempts }, meter?.utility ?? 'electricity');
    await raiseAndTell(deps, command.meterId, finding, now);
    return expired;
  }
  const meter = await deps.store.meters.get(command.meterId);
  if (!meter) throw notFound('meter.not_found', `No meter "${command.meterId}"`);
  // Claimed before anything is sent: a command superseded or taken by another dispatcher is never sent.
  const claimed = await deps.store.commands.claimAttempt(command, new Date(now.getTime() + retryDelay(command.attempts)).toISOString());
  if (!claimed) return (await deps.store.commands.get(command.meterId, command.createdAt, command.id)) ?? command;
  let sent: { taskId: string };
  try {
    const payload = commandFrame(meter, claimed.action, deps.config.commands, new Date(claimed.expiresAt));
    const ttlSeconds = Math.max(60, Math.floor((Date.parse(claimed.expiresAt) - now.getTime()) / 1000));
    sent = await deps.downlinks[meter.platform].send({ platform: meter.platform, deviceId: meter.deviceId, imei: meter.imei, commandId: claimed.id, commandCreatedAt: claimed.createdAt, payload, ttlSeconds, meterId: meter.id, address: meter.address, action: claimed.action, ...(claimed.purchase ? { purchase: claimed.purchase } : {}), ...(claimed.params ? { params: claimed.params } : {}) });
  } catch (error) {
    deps.log.warn({ err: error, commandId: claimed.id }, 'command not sent; will retry');
    return recordAttempt(deps, claimed, now, { detail: `attempt ${claimed.attempts} failed: ${(error as Error).message}` });
  }
  const recorded = await recordAttempt(deps, claimed, now, { status: 'sent', platformTaskId: `${meter.platform}:${sent.taskId}`, detail: `attempt ${claimed.attempts}` });
  // Superseded while it was on its way: the newer command may have reached the meter first, so it goes out again, after this one.
  if (recorded.status !== 'sent' && isSupplyAction(claimed.action) && depth === 0) await resendPending(deps, claimed.meterId, depth + 1);
  return recorded;
}

const isSupplyAction = (action: CommandAction): boolean => action === 'cut' || action === 'restore';

/** Writes what an attempt did; a command that moved on meanwhile (superseded, answered) is returned as it now stands. */
async function recordAttempt(deps: CommandDeps, command: StoredCommand, now: Date, outcome: { status?: 'sent'; platformTaskId?: string; detail: string }): Promise<StoredCommand> {
  const recorded = await deps.store.commands.tryTransition(command, outcome.status ?? command.status, now.toISOString(), {
    detail: outcome.detail,
    ...(outcome.platformTaskId ? { platformTaskId: outcome.platformTaskId } : {}),
  });
  return recorded ?? (await deps.store.commands.get(command.meterId, command.createdAt, command.id)) ?? command;
}

async function resendPending(deps: CommandDeps, meterId: string, depth: number): Promise<void> {
  const pending = (await deps.store.meters.get(meterId))?.pendingSupply;
  const command = pending ? await deps.store.commands.get(meterId, pending.createdAt, pending.commandId) : null;
  if (command && ['queued', 'sent', 'delivered'].includes(command.status)) await dispatchCommand(deps, command, depth);
}

/** A platform's word on a command it was given. */
export async function applyCommandResult(deps: CommandDeps, platform: string, taskId: string, outcome: 'delivered' | 'succeeded' | 'failed', detail: string): Promise<StoredCommand | null> {
  const command = await deps.store.commands.byPlatformTask(`${platform}:${taskId}`);
  if (!command || !['sent', 'delivered', 'queued'].includes(command.status) || command.status === outcome) return command;
  const now = deps.clock.now().toISOString();
  const next = await deps.store.commands.transition(command, outcome, now, { detail });
  if (outcome === 'failed') {
    await deps.store.alarms.raise({ meterId: command.meterId, kind: 'command_failed', severity: 'critical', message: '远程控制命令执行失败', details: { commandId: command.id, action: command.action, detail }, raisedAt: now });
  }
  return next;
}

/** The meter frame for an action: DL/T 645 remote control, or a CJ/T 188 valve command. */
export function commandFrame(meter: MeterRecord, action: CommandAction, settings: Deps['config']['commands'], validUntil: Date): Uint8Array {
  if (action === 'purchase' || action === 'set_params') {
    // Purchases and parameter writes are sealed for a prepaid meter by its ESAM: the gateway's metering module builds that frame from the command's fields.
    if (meter.platform !== 'gateway') throw new AppError('command.unsupported', 400, 'Purchases and parameters reach a meter-side meter through its gateway');
    return new Uint8Array(0);
  }
  if (meter.protocol === 'cjt188') {
    if (action !== 'cut' && action !== 'restore') throw new AppError('command.unsupported', 400, 'Water valves only open and close');
    return encodeCjt188Valve(meter.address.padStart(14, '0'), action === 'cut' ? 'close' : 'open', { serial: 1 });
  }
  if (meter.protocol === 'dlt645') {
    const dltAction = { cut: 'trip', restore: settings.dlt645Restore, keep_on: 'keep_on', keep_off: 'keep_off' } as const;
    return encodeDlt645Control({
      address: meter.address.padStart(12, '0'),
      action: dltAction[action],
      password: settings.dlt645Password,
      operator: settings.dlt645Operator,
      validUntil: meterTimeFromDate(validUntil),
    });
  }
  if (meter.protocol === 'modbus') {
    // The shipped Modbus models are metering-only (no relay register in their published tables): a command cannot switch them.
    throw new AppError('command.unsupported', 400, `A ${meter.model ?? 'Modbus'} meter has no relay this platform can switch`);
  }
  throw new AppError('command.unsupported', 400, 'JSON-property meters take commands through their platform’s own service model');
}
