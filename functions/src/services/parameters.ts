import { AppError, MeterParameters, notFound, parameterDifferences, paramsMismatchFinding, ReportedParameters, type SetParametersRequest } from '@prepaid/shared';
import type { Deps } from '../deps';
import type { Principal } from '../http/types';
import type { MeterRecord, StoredCommand } from '../store';
import { raiseAndTell } from './alarms';
import { actorOf } from './audit';
import { dispatchCommand, newCommand } from './commands';
import { managesBuilding } from './scope';

/**
 * Sets remote parameters on a meter that keeps its own balance: a
 * `set_params` command with the lifecycle and audit of every command, sent
 * through the meter's gateway; what the meter should now hold is recorded
 * with it, to compare with what it reports. A meter the platform bills holds
 * no such thresholds (its low-balance line is the platform's): 400.
 */
export async function setParameters(deps: Deps, principal: Principal, meter: MeterRecord, body: SetParametersRequest): Promise<StoredCommand> {
  if (meter.billing !== 'meter') {
    throw new AppError('params.unsupported', 400, `Meter "${meter.id}" is billed by the platform: it holds no thresholds or tariff of its own`, { details: { field: 'params' } });
  }
  const params = MeterParameters.parse(body.params);
  // What the meter should hold is every parameter ever set on it, each at its latest value. A command still on its way is
  // replaced in the gateway's outbox by this one, so this one carries its parameters too.
  const previous = meter.params;
  const before = previous ? await deps.store.commands.get(meter.id, previous.at, previous.commandId) : null;
  const inFlight = before !== null && ['queued', 'sent', 'delivered'].includes(before.status);
  const sent = { ...(inFlight ? before.params : {}), ...params };
  const desired = { ...(previous?.desired ?? {}), ...params };
  const command = { ...newCommand(deps, meter.id, 'set_params', actorOf(principal), body.reason), params: sent };
  await deps.store.meters.queueParameters(meter.id, { desired, commandId: command.id, at: command.createdAt }, deps.store.commands.item(command));
  return dispatchCommand(deps, command);
}

/** The same parameters for every meter-side meter of a building (platform-billed meters are counted, not touched). */
export async function setBuildingParameters(deps: Deps, principal: Principal, buildingId: string, body: SetParametersRequest) {
  if (!managesBuilding(principal, buildingId) || !(await deps.store.estate.existingBuildings([buildingId])).has(buildingId)) throw notFound('building.not_found', `No building "${buildingId}"`);
  const commands: string[] = [];
  let skipped = 0;
  for (const meterId of await deps.store.meters.idsInBuilding(buildingId)) {
    const meter = await deps.store.meters.get(meterId);
    if (!meter || meter.billing !== 'meter') {
      skipped += 1;
      continue;
    }
    commands.push((await setParameters(deps, principal, meter, body)).id);
  }
  return { queued: commands.length, skipped, commandIds: commands };
}

/** `GET /v1/admin/meters/{meterId}/parameters`: what was set, what the meter holds, and where they differ. */
export async function parametersOf(deps: Deps, meter: MeterRecord) {
  const command = meter.params ? await deps.store.commands.get(meter.id, meter.params.at, meter.params.commandId) : null;
  const differences =
    meter.params && meter.reportedParams
      ? parameterDifferences(MeterParameters.parse(meter.params.desired), ReportedParameters.parse(meter.reportedParams.held), new Date(meter.reportedParams.at))
      : [];
  return {
    desired: meter.params?.desired ?? null,
    setAt: meter.params?.at ?? null,
    command: command ? { id: command.id, status: command.status } : null,
    reported: meter.reportedParams?.held ?? null,
    reportedAt: meter.reportedParams?.at ?? null,
    differences,
  };
}

/**
 * The parameters a meter reports holding, compared with those last set on it
 * once that command has ended (while it is on its way a difference is only
 * expected): a difference raises `params_mismatch` for the managers; a match
 * clears it.
 */
export async function applyReportedParams(deps: Deps, meter: MeterRecord, reported: ReportedParameters, at: Date): Promise<'in_step' | 'pending' | 'mismatch' | 'not_set' | 'stale'> {
  // A read-back older than the one kept (a late batch) is not what the meter holds now.
  if (meter.reportedParams && at.toISOString() <= meter.reportedParams.at) return 'stale';
  await deps.store.meters.setReportedParams(meter.id, { held: reported, at: at.toISOString() });
  if (!meter.params) return 'not_set';
  const command = await deps.store.commands.get(meter.id, meter.params.at, meter.params.commandId);
  if (command && ['queued', 'sent', 'delivered'].includes(command.status)) return 'pending';
  const differences = parameterDifferences(MeterParameters.parse(meter.params.desired), reported, at);
  const finding = paramsMismatchFinding(differences, meter.params.commandId);
  if (finding) {
    await raiseAndTell(deps, meter.id, finding, deps.clock.now());
    return 'mismatch';
  }
  await deps.store.alarms.close(meter.id, 'params_mismatch', { status: 'cleared', at: deps.clock.now().toISOString(), by: 'system' }).catch(() => undefined);
  return 'in_step';
}
