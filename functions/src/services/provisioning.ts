import {
  AppError,
  notFound,
  parseTariff,
  type CreateMeterRequest,
  type CreateTariffRequest,
  type TariffVersionRequest,
} from '@prepaid/shared';
import type { Deps } from '../deps';
import type { MeterRecord, TariffRecord } from '../store';
import { bindingCodeOf } from './binding-codes';

/** The first version of a tariff, and a meter's first assignment, are in force "since always" unless dated. */
export const SINCE_ALWAYS = new Date('2000-01-01T00:00:00+08:00').toISOString();

type ProvisioningDeps = Pick<Deps, 'store' | 'clock' | 'ids'>;

/** Creates a tariff from a CONTRACT body (validated by its route; the engine checks it again, as it does every stored tariff). */
export async function createTariff(deps: ProvisioningDeps, body: CreateTariffRequest) {
  const { id, effectiveFrom, ...definition } = body;
  const tariff = parseTariff(definition);
  const record: TariffRecord = {
    id: id ?? deps.ids.next(),
    name: tariff.name,
    utility: tariff.utility,
    kind: tariff.kind,
    createdAt: deps.clock.now().toISOString(),
  };
  const from = effectiveFrom ? new Date(effectiveFrom).toISOString() : SINCE_ALWAYS;
  await deps.store.tariffs.create(record, tariff, from);
  return { ...record, ...tariff, versions: [{ effectiveFrom: from }] };
}

/** A new price from `effectiveFrom` on: history keeps the versions it was billed with. */
export async function addTariffVersion(deps: ProvisioningDeps, tariffId: string, body: TariffVersionRequest) {
  const { effectiveFrom, ...definition } = body;
  const tariff = parseTariff(definition);
  const existing = await deps.store.tariffs.get(tariffId);
  if (!existing) throw notFound('tariff.not_found', `No tariff "${tariffId}"`);
  if (existing.utility !== tariff.utility) {
    throw new AppError('tariff.utility_mismatch', 400, `Tariff "${tariffId}" is for ${existing.utility}`, { details: { field: 'body.utility' } });
  }
  const from = new Date(effectiveFrom).toISOString();
  await deps.store.tariffs.addVersion(tariffId, tariff, from, deps.clock.now().toISOString());
  return { id: tariffId, ...tariff, effectiveFrom: from };
}

export async function getTariff(deps: ProvisioningDeps, tariffId: string) {
  const record = await deps.store.tariffs.get(tariffId);
  if (!record) throw notFound('tariff.not_found', `No tariff "${tariffId}"`);
  const versions = await deps.store.tariffs.versions(tariffId);
  return {
    ...record,
    versions: versions.map((version) => ({ effectiveFrom: version.effectiveFrom.toISOString(), ...version.tariff })),
  };
}

const PROTOCOL_UTILITY = { dlt645: 'electricity', cjt188: 'water', modbus: 'electricity' } as const;

const invalid = (message: string, field: string) => new AppError('meter.invalid', 400, message, { details: { field: `body.${field}` } });

/** What a meter's body must say together: a Modbus meter's model and slave number, a circuit's number before its label. */
function checkMeterShape(body: CreateMeterRequest): void {
  const expected = body.protocol === 'json' ? body.utility : PROTOCOL_UTILITY[body.protocol];
  if (expected !== body.utility) {
    throw new AppError('meter.protocol_mismatch', 400, `A ${body.protocol} meter measures ${expected}`, { details: { field: 'body.protocol' } });
  }
  if (body.protocol === 'modbus') {
    if (!body.model) throw invalid('A Modbus meter needs its model (its register map)', 'model');
    const slave = /^\d{1,3}$/.test(body.address) ? Number(body.address) : 0;
    if (slave < 1 || slave > 247) throw invalid('A Modbus meter’s address is its slave number, 1..247', 'address');
    if (body.platform !== 'gateway') throw invalid('A Modbus meter reports through a gateway or data-transfer unit', 'platform');
  } else if (body.model) throw invalid('Only a Modbus meter has a register map', 'model');
  if (body.circuitLabel && body.circuit === undefined) throw invalid('A circuit label needs its circuit number', 'circuitLabel');
  // A purchase reaches a meter-side meter through its gateway (the gateway's metering module builds the meter's encrypted frame).
  if (body.billing === 'meter' && body.platform !== 'gateway') throw invalid('A meter that keeps its own balance is sent its purchases through a gateway', 'billing');
}

/** Registers a meter with its wallet at 0, on a tariff of its own utility. */
export async function createMeter(deps: ProvisioningDeps, body: CreateMeterRequest): Promise<MeterRecord> {
  checkMeterShape(body);
  await assertTariffFor(deps, body.tariffId, body.utility);
  const record: MeterRecord = {
    id: body.id,
    utility: body.utility,
    protocol: body.protocol,
    address: body.address,
    platform: body.platform,
    deviceId: body.deviceId,
    imei: body.imei ?? null,
    circuit: body.circuit === undefined ? null : { number: body.circuit, label: body.circuitLabel ?? null },
    model: body.model ?? null,
    billing: body.billing ?? 'platform',
    purchase: { count: 0, fen: 0 },
    meterSide: null,
    params: null,
    reportedParams: null,
    tariffId: body.tariffId,
    tariffAssignments: [
      { tariffId: body.tariffId, effectiveFrom: body.tariffEffectiveFrom ? new Date(body.tariffEffectiveFrom).toISOString() : SINCE_ALWAYS },
    ],
    tenancyStart: body.tenancyStart ? new Date(body.tenancyStart).toISOString() : null,
    maxPlausiblePerHour: body.maxPlausiblePerHour ?? null,
    buildingId: body.buildingId ?? null,
    room: body.room ?? null,
    lowBalanceFen: body.lowBalanceFen ?? 2000,
    keepOn: body.keepOn ?? false,
    supply: 'on',
    supplyHold: null,
    supplyRevision: 0,
    supplyFailures: 0,
    lastSupplyFailureAt: null,
    online: false,
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.store.meters.create(record);
  // Its QR code's binding code, so the sticker can be printed at once.
  await bindingCodeOf(deps, record.id);
  return record;
}

/** Switches a meter to another tariff from an instant on. */
export async function assignTariff(deps: ProvisioningDeps, meterId: string, tariffId: string, effectiveFrom: string) {
  const meter = await deps.store.meters.get(meterId);
  if (!meter) throw notFound('meter.not_found', `No meter "${meterId}"`);
  await assertTariffFor(deps, tariffId, meter.utility);
  return deps.store.meters.assignTariff(meterId, tariffId, new Date(effectiveFrom).toISOString());
}

async function assertTariffFor(deps: ProvisioningDeps, tariffId: string, utility: string): Promise<void> {
  const tariff = await deps.store.tariffs.get(tariffId);
  if (!tariff) throw notFound('tariff.not_found', `No tariff "${tariffId}"`);
  if (tariff.utility !== utility) {
    throw new AppError('tariff.utility_mismatch', 400, `Tariff "${tariffId}" is for ${tariff.utility}`, { details: { field: 'body.tariffId' } });
  }
}
