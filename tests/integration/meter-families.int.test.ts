import { describe, expect, it } from 'vitest';
import { encodeDlt645Answer, parseDlt645Frame, type Dlt645Answer } from '@prepaid/shared';
import type { Downlink, DownlinkRequest } from '../../functions/src/adapters/iot/downlink';
import { eventOfPush } from '../../functions/src/adapters/iot/parse';
import { meterDevice } from '../../functions/src/services/estate';
import { handlePush } from '../../functions/src/services/iot-ingest';
import { recordOfflinePayment } from '../../functions/src/services/payments';
import { createMeter, createTariff } from '../../functions/src/services/provisioning';
import { integrationDeps, unique } from '../support/deps';

const operator = { kind: 'key', keyId: 'test', roles: ['admin'] } as const;
const T0 = Date.parse('2026-11-21T01:00:00Z');

/** A platform that takes every command (and remembers it), as CTWing does. */
function depsRecordingDownlinks() {
  const base = integrationDeps({ now: new Date('2026-11-21T09:00:00Z') });
  const sent: DownlinkRequest[] = [];
  const downlink: Downlink = { send: async (request) => (sent.push(request), { taskId: `t-${sent.length}-${request.commandId}` }) };
  return { deps: { ...base, downlinks: { simulator: downlink, ctwing: downlink, onenet: downlink, iotda: downlink, gateway: downlink } }, sent };
}
type TestDeps = ReturnType<typeof depsRecordingDownlinks>['deps'];

const CIRCUITS = [
  { circuit: 1, label: '照明', address: '000000002101' },
  { circuit: 2, label: '插座', address: '000000002102' },
  { circuit: 3, label: '空调', address: '000000002103' },
] as const;

/** A dormitory terminal on CTWing: one device, three metered circuits, each its own meter, wallet and tenant's money. */
async function dormTerminal(deps: TestDeps, balancesFen: readonly number[]) {
  const tariff = await createTariff(deps, { id: unique('t'), name: '宿舍电价', utility: 'electricity', kind: 'flat', price: '1.00' } as never);
  const deviceId = unique('dorm');
  const meterIds: string[] = [];
  for (const [i, c] of CIRCUITS.entries()) {
    const id = unique(`C${c.circuit}`);
    await createMeter(deps, { id, utility: 'electricity', protocol: 'dlt645', address: c.address, platform: 'ctwing', deviceId, circuit: c.circuit, circuitLabel: c.label, tariffId: tariff.id });
    if (balancesFen[i]! > 0) await recordOfflinePayment(deps, operator, id, { amountFen: balancesFen[i]!, method: 'cash' }, undefined);
    meterIds.push(id);
  }
  return { deviceId, meterIds, tariffId: tariff.id };
}

/** The terminal's CTWing dataReport: one transparent payload with a frame per circuit. */
async function push(deps: TestDeps, deviceId: string, atMs: number, answers: ReadonlyArray<readonly [string, Dlt645Answer]>) {
  const bytes = Buffer.concat(answers.map(([address, answer]) => encodeDlt645Answer(address, answer)));
  const raw = JSON.stringify({ messageType: 'dataReport', deviceId, timestamp: atMs, payload: { APPdata: bytes.toString('base64') } });
  return handlePush(deps, 'ctwing', raw, eventOfPush('ctwing', raw, new Date(atMs)), new Date(atMs));
}
const energy = (energyWh: number): Dlt645Answer => ({ kind: 'energy', register: 'total', energyWh });
const balances = async (deps: TestDeps, ids: readonly string[]) => Promise.all(ids.map(async (id) => (await deps.store.meters.getView(id))!.balanceFen));
const supplies = async (deps: TestDeps, ids: readonly string[]) => Promise.all(ids.map(async (id) => (await deps.store.meters.get(id))!.supply));

describe('one device, many meters (issue 14)', () => {
  it('routes one push carrying three circuits to the right wallets, and cuts only the circuit that ran out', async () => {
    const { deps, sent } = depsRecordingDownlinks();
    const { deviceId, meterIds } = await dormTerminal(deps, [500, 500, 100]);
    const first = await push(deps, deviceId, T0, CIRCUITS.map((c) => [c.address, energy(100_000)] as const));
    expect(first.outcome).toMatch(/^points:/);
    // An hour later: lighting used 1 kWh, sockets 2 kWh, the air conditioner 1.5 kWh (flat 1.00 yuan/kWh).
    const second = await push(deps, deviceId, T0 + 3_600_000, [
      [CIRCUITS[2].address, energy(101_500)],
      [CIRCUITS[0].address, energy(101_000)],
      [CIRCUITS[1].address, energy(102_000)],
    ]);
    expect(second.outcome.match(/reading:billed/g)).toHaveLength(3);
    expect(await balances(deps, meterIds)).toEqual([400, 300, -50]);
    // The air conditioner's circuit alone ran out: one cut, addressed to its own address on the shared device.
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ deviceId });
    expect(parseDlt645Frame(sent[0]!.payload).address).toBe(CIRCUITS[2].address);
    const [cut] = (await deps.store.commands.list(meterIds[2]!, { limit: 5 })).items;
    expect(cut).toMatchObject({ action: 'cut', status: 'sent' });
    for (const other of meterIds.slice(0, 2)) expect((await deps.store.commands.list(other, { limit: 5 })).items).toEqual([]);
    // The terminal confirms the trip of circuit 3 in its next report, with the other circuits' readings.
    await push(deps, deviceId, T0 + 2 * 3_600_000, [
      [CIRCUITS[0].address, energy(101_100)],
      [CIRCUITS[2].address, { kind: 'control_ok' }],
      [CIRCUITS[1].address, energy(102_100)],
    ]);
    expect(await supplies(deps, meterIds)).toEqual(['on', 'on', 'off']);
    expect(await balances(deps, meterIds)).toEqual([390, 290, -50]);
    // The manager's view of the device from any of its circuits: the three, in circuit order, only the air conditioner cut.
    const view = await meterDevice(deps, operator, (await deps.store.meters.get(meterIds[1]!))!);
    expect(view).toMatchObject({ platform: 'ctwing', deviceId, multiPoint: true, gatewayId: null });
    expect(view.meters.map((m) => [m.id, m.circuit?.label, m.address, m.supply, m.balanceFen])).toEqual([
      [meterIds[0], '照明', CIRCUITS[0].address, 'on', 390],
      [meterIds[1], '插座', CIRCUITS[1].address, 'on', 290],
      [meterIds[2], '空调', CIRCUITS[2].address, 'off', -50],
    ]);
    // A manager sees the circuits of their own buildings (these are in none): the meter they opened, alone.
    const manager = { kind: 'user', openid: 'mgr-elsewhere', roles: ['manager'], buildings: ['B-OTHER'] } as const;
    expect((await meterDevice(deps, manager as never, (await deps.store.meters.get(meterIds[0]!))!)).meters.map((m) => m.id)).toEqual([meterIds[0]]);
  });

  it('bills the circuits it knows when a frame names an address the device does not hold', async () => {
    const { deps } = depsRecordingDownlinks();
    const { deviceId, meterIds } = await dormTerminal(deps, [500, 500, 500]);
    await push(deps, deviceId, T0, CIRCUITS.map((c) => [c.address, energy(50_000)] as const));
    const result = await push(deps, deviceId, T0 + 3_600_000, [
      [CIRCUITS[0].address, energy(50_500)],
      ['000000002199', energy(1_000)],
    ]);
    expect(result.outcome).toContain('2199:unknown_point');
    expect(await balances(deps, meterIds)).toEqual([450, 500, 500]);
  });

  it('takes the terminal offline and online as one, every circuit with it', async () => {
    const { deps } = depsRecordingDownlinks();
    const { deviceId, meterIds } = await dormTerminal(deps, [0, 0, 0]);
    const presence = async (online: boolean) => {
      const raw = JSON.stringify({ messageType: 'deviceOnlineOfflineReport', deviceId, timestamp: T0, eventType: online ? 1 : 0 });
      return handlePush(deps, 'ctwing', raw, eventOfPush('ctwing', raw, new Date(T0)), new Date(T0));
    };
    expect((await presence(true)).outcome).toBe('online:3');
    expect(await Promise.all(meterIds.map(async (id) => (await deps.store.meters.get(id))!.online))).toEqual([true, true, true]);
    await presence(false);
    expect(await Promise.all(meterIds.map(async (id) => (await deps.store.meters.get(id))!.online))).toEqual([false, false, false]);
  });

  it('keeps a device either one meter or a set of circuits, and each address to one meter', async () => {
    const { deps } = depsRecordingDownlinks();
    const { deviceId, tariffId } = await dormTerminal(deps, [0, 0, 0]);
    const meter = (over: Record<string, unknown>) =>
      createMeter(deps, { id: unique('X'), utility: 'electricity', protocol: 'dlt645', address: '000000002104', platform: 'ctwing', deviceId, tariffId, ...over } as never);
    await expect(meter({ circuit: 4, address: CIRCUITS[0].address })).rejects.toMatchObject({ code: 'meter.address_taken', status: 409 });
    await expect(meter({})).rejects.toMatchObject({ code: 'meter.device_taken', status: 409 });
    await expect(meter({ circuit: 4 })).resolves.toMatchObject({ circuit: { number: 4, label: null } });
    const single = unique('single');
    await meter({ deviceId: single });
    await expect(meter({ deviceId: single, circuit: 1 })).rejects.toMatchObject({ code: 'meter.device_taken', status: 409 });
    await expect(meter({ circuitLabel: '照明' })).rejects.toMatchObject({ code: 'meter.invalid', status: 400 });
    // One address, however padded: a CJ/T 188 meter 00000000002101 on the terminal would make circuit 1's reports ambiguous.
    await expect(meter({ circuit: 5, utility: 'water', protocol: 'cjt188', address: '00000000002101', tariffId: (await createTariff(deps, { id: unique('tw'), name: 'w', utility: 'water', kind: 'flat', price: '3.00' } as never)).id })).rejects.toMatchObject({ code: 'meter.address_taken', status: 409 });
  });

  it('moves a circuit\'s claim with its address when its meter is replaced, and refuses an address another circuit holds', async () => {
    const { deps } = depsRecordingDownlinks();
    const { deviceId, meterIds } = await dormTerminal(deps, [500, 0, 0]);
    const first = (await deps.store.meters.get(meterIds[0]!))!;
    await expect(deps.store.meters.setAddress(first, CIRCUITS[1].address)).rejects.toMatchObject({ code: 'meter.address_taken', status: 409 });
    await deps.store.meters.setAddress(first, '000000002111');
    const device = await deps.store.meters.deviceOf('ctwing', deviceId);
    expect(device?.kind === 'multi' ? [...device.points.keys()].sort() : []).toEqual(['2102', '2103', '2111']);
    await push(deps, deviceId, T0, [['000000002111', energy(10_000)]]);
    await push(deps, deviceId, T0 + 3_600_000, [['000000002111', energy(10_500)]]);
    expect((await balances(deps, meterIds))[0]).toBe(450);
  });
});
