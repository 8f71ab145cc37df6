import { describe, expect, inject, it } from 'vitest';
import { encodeModbusReadAnswer, encodeModbusRegisters, modbusMapOf, bytesToHex } from '@prepaid/shared';
import { processGatewayBatch, signGatewayRequest, sweepGateways } from '../../functions/src/services/gateways';
import { sweepMeter } from '../../functions/src/services/meter-sweep';
import { recordOfflinePayment } from '../../functions/src/services/payments';
import { createMeter } from '../../functions/src/services/provisioning';
import { gatewaySubject } from '../../functions/src/store';
import { integrationDeps, unique } from '../support/deps';
import { login } from '../support/estate';
import { bindTenant, call, inboxAlarms } from '../support/http';
import { inFlight } from '../support/in-flight';
import { pushesSettled } from '../support/queue';

const api = inject('apiUrl');
const admin = inject('adminKey');
const operator = { kind: 'key', keyId: 'test', roles: ['admin'] } as const;
const DDS238 = modbusMapOf('hiking-dds238');

/** A building, a flat 1.00 yuan/kWh tariff and a gateway registered over HTTP, with its secret. */
async function gatewayInBuilding(options: { silentAfterMinutes?: number } = {}) {
  const deps = integrationDeps();
  const buildingId = unique('BG');
  await deps.store.estate.putBuilding({ id: buildingId, name: '集中表楼', address: '—' });
  const tariff = await call(api, '/v1/admin/tariffs', { token: admin, body: { name: 'gw', utility: 'electricity', kind: 'flat', price: '1.00' } });
  const id = unique('gw');
  const created = await call(api, '/v1/admin/gateways', { token: admin, body: { id, name: '3号楼集中器', buildingId, kind: 'rs485', ...options } });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ id, online: false, lastSeenAt: null, secret: expect.any(String) });
  return { deps, buildingId, tariffId: tariff.body.id as string, gatewayId: id, secret: created.body.secret as string };
}
type Gateway = Awaited<ReturnType<typeof gatewayInBuilding>>;

/** Posts a batch signed with the gateway's secret (now, or `timestamp`). */
function post(gw: Gateway, batch: unknown, options: { secret?: string; timestamp?: number } = {}) {
  const body = JSON.stringify(batch);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  return call(api, `/v1/webhooks/gateways/${gw.gatewayId}`, {
    body,
    headers: { 'x-gateway-timestamp': timestamp, 'x-gateway-signature': signGatewayRequest(options.secret ?? gw.secret, timestamp, body) },
  });
}

const T0 = Date.parse('2026-11-20T00:00:00Z');
const dltAddress = (i: number) => `9${String(i).padStart(11, '0')}`;
/** A DDS238's answer to its block poll, holding `wh` (whole 10 Wh, its register's 0.01 kWh). */
const modbusAnswer = (slave: number, wh: number) => bytesToHex(encodeModbusReadAnswer(slave, 0x03, encodeModbusRegisters(DDS238, { energyWh: wh, voltageDecivolts: 2300 })), '');

describe('a gateway and the meters behind it (issue 14)', () => {
  it('ingests a batch of 500 readings exactly once, however often the gateway sends it', { timeout: 240_000 }, async () => {
    const gw = await gatewayInBuilding();
    const { deps } = gw;
    // 450 meters whose readings the concentrator decodes itself (kWh), 50 DDS238s on its Modbus bus (raw answers).
    // Made 8 at a time (a thousand writes one after another were a third of this test's time).
    const meters = Array.from({ length: 500 }, (_, index) => {
      const i = index + 1;
      const modbus = i > 450;
      return { i, id: unique(`G${i}`), address: modbus ? String(i - 450) : dltAddress(i), modbus };
    });
    const made = await inFlight(meters.map(({ i, id, address, modbus }) => async () => {
      await createMeter(deps, {
        id, utility: 'electricity', protocol: modbus ? 'modbus' : 'dlt645', address, platform: 'gateway', deviceId: gw.gatewayId, tariffId: gw.tariffId, buildingId: gw.buildingId, room: `${100 + i}`, ...(modbus ? { model: 'hiking-dds238' } : {}),
      } as never);
      await recordOfflinePayment(deps, operator, id, { amountFen: 1000, method: 'cash' }, undefined);
    }), 8);
    expect(made.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    // Meter i uses i × 10 Wh in the hour: i fen at 1.00 yuan/kWh.
    const batch = (batchId: string, atMs: number, extraWh: (i: number) => number) => ({
      batchId,
      sentAt: new Date(atMs + 60_000).toISOString(),
      reports: meters.map((meter, index) => {
        const wh = 1_000_000 + extraWh(index + 1);
        const at = new Date(atMs).toISOString();
        return meter.modbus ? { address: meter.address, at, modbus: { frame: modbusAnswer(Number(meter.address), wh) } } : { address: meter.address, at, energy: { value: `${Math.floor(wh / 1000)}.${String(wh % 1000).padStart(3, '0')}`, unit: 'kWh' } };
      }),
    });
    expect((await post(gw, batch('b-0001', T0, () => 0))).body).toEqual({ code: 'SUCCESS', outcome: 'queued' });
    await pushesSettled(120_000);
    const second = batch('b-0002', T0 + 3_600_000, (i) => i * 10);
    expect((await post(gw, second)).status).toBe(200);
    // The gateway lost our answer and sends b-0002 again, re-signed with a new sentAt (not the same bytes), twice.
    expect((await post(gw, { ...second, sentAt: new Date(T0 + 3_700_000).toISOString() })).status).toBe(200);
    expect((await post(gw, { ...second, sentAt: new Date(T0 + 3_800_000).toISOString() })).status).toBe(200);
    await pushesSettled(120_000);
    const checked = await inFlight(meters.map((meter, index) => async () => {
      const view = await deps.store.meters.getView(meter.id);
      const readings = (await deps.store.readings.list(meter.id, { limit: 10 })).items;
      const ok = view?.balanceFen === 1000 - (index + 1) && readings.length === 2 && readings[0]?.status === 'billed' && readings[0]?.value === 1_000_000 + (index + 1) * 10;
      return ok ? null : `${meter.id}: ${view?.balanceFen} fen, ${readings.map((r) => `${r.value}/${r.status}`).join(' ')}`;
    }), 8);
    const wrong = checked.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : String(outcome.reason))).filter((line) => line !== null);
    expect(wrong).toEqual([]);
    const listed = (await call(api, '/v1/admin/gateways', { token: admin })).body.items.find((g: { id: string }) => g.id === gw.gatewayId);
    expect(listed).toMatchObject({ online: true, lastSeenAt: expect.any(String) });
    expect(listed.secret).toBeUndefined();
  });

  it('takes a batch once when two copies are processed at the same moment', async () => {
    const gw = await gatewayInBuilding();
    const { deps } = gw;
    const id = unique('GC');
    await createMeter(deps, { id, utility: 'electricity', protocol: 'dlt645', address: dltAddress(1), platform: 'gateway', deviceId: gw.gatewayId, tariffId: gw.tariffId, buildingId: gw.buildingId });
    await recordOfflinePayment(deps, operator, id, { amountFen: 1000, method: 'cash' }, undefined);
    const gateway = (await deps.store.gateways.get(gw.gatewayId))!;
    const at = (ms: number) => new Date(ms).toISOString();
    await processGatewayBatch(deps, gateway, { batchId: 'c-1', reports: [{ address: dltAddress(1), at: at(T0), energy: { value: '100.00', unit: 'kWh' as const } }] }, new Date(T0));
    const copy = { batchId: 'c-2', reports: [{ address: dltAddress(1), at: at(T0 + 3_600_000), energy: { value: '101.00', unit: 'kWh' as const } }, { address: '999999999999', at: at(T0), energy: { value: '1', unit: 'kWh' as const } }] };
    const outcomes = await Promise.allSettled([processGatewayBatch(deps, gateway, copy, new Date(T0)), processGatewayBatch(deps, gateway, copy, new Date(T0))]);
    const answered = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as { code: string }).code));
    // One run took it; the other was told it is being processed (409: the gateway sends it again later) or, if it came after, that it was done.
    expect(answered.filter((a) => a === 'batch:2 billed:1 unknown:1')).toHaveLength(1);
    expect(answered.filter((a) => a === 'gateway.batch_in_progress' || a.startsWith('duplicate:'))).toHaveLength(1);
    expect(await processGatewayBatch(deps, gateway, copy, new Date(T0))).toBe('duplicate:batch:2 billed:1 unknown:1');
    expect((await deps.store.meters.getView(id))?.balanceFen).toBe(900);
    // A report that does not fit its meter (a Modbus answer for a DL/T 645 meter, hex that is not hex) is refused on its own, with its alarm; the rest of the batch bills.
    const mixed = {
      batchId: 'c-3',
      reports: [
        { address: dltAddress(1), at: at(T0 + 7_200_000), modbus: { frame: '0103020001B844' } },
        { address: dltAddress(1), at: at(T0 + 7_200_000), energy: { value: '1.2.3', unit: 'kWh' as const } },
        { address: dltAddress(1), at: at(T0 + 7_200_000), energy: { value: '102.00', unit: 'kWh' as const } },
      ],
    };
    expect(await processGatewayBatch(deps, gateway, mixed, new Date(T0))).toBe('batch:3 billed:1 rejected:2');
    expect((await deps.store.meters.getView(id))?.balanceFen).toBe(800);
    expect((await deps.store.alarms.openFor(id)).map((a) => a.kind)).toContain('rejected_frame');
  });

  it('hands a meter\'s cut to its gateway through the outbox, and takes the meter\'s answer from a batch', async () => {
    const gw = await gatewayInBuilding();
    const { deps } = gw;
    const id = unique('GX');
    await createMeter(deps, { id, utility: 'electricity', protocol: 'dlt645', address: dltAddress(42), platform: 'gateway', deviceId: gw.gatewayId, tariffId: gw.tariffId, buildingId: gw.buildingId });
    await recordOfflinePayment(deps, operator, id, { amountFen: 100, method: 'cash' }, undefined);
    const at = (ms: number) => new Date(ms).toISOString();
    const reading = (ms: number, kwh: string) => ({ address: dltAddress(42), at: at(ms), energy: { value: kwh, unit: 'kWh' } });
    await post(gw, { batchId: 'o-1', reports: [reading(T0, '10.00')] });
    await post(gw, { batchId: 'o-2', reports: [reading(T0 + 3_600_000, '12.00')] });
    await pushesSettled(60_000);
    expect((await deps.store.meters.getView(id))?.balanceFen).toBe(-100);
    const outbox = async () => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      return call(api, `/v1/webhooks/gateways/${gw.gatewayId}/commands`, { headers: { 'x-gateway-timestamp': timestamp, 'x-gateway-signature': signGatewayRequest(gw.secret, timestamp, '') } });
    };
    // The cut is sent after the reading's answer (the stack's reaction function): the outbox holds it within seconds.
    let waiting: { commandId: string; address: string; action: string; frame: string }[] = [];
    for (const started = Date.now(); waiting.length === 0 && Date.now() - started < 30_000; await new Promise((resolve) => setTimeout(resolve, 250))) {
      waiting = (await outbox()).body.items;
    }
    expect(waiting).toEqual([expect.objectContaining({ address: dltAddress(42), action: 'cut' })]);
    // The frame is the DL/T 645 trip for that meter's address, ready for the bus.
    expect(waiting[0]!.frame.slice(8, 22)).toBe(`68${dltAddress(42).match(/../g)!.reverse().join('')}`);
    const [command] = (await deps.store.commands.list(id, { limit: 5 })).items;
    expect(command).toMatchObject({ id: waiting[0]!.commandId, action: 'cut', status: 'sent' });
    await post(gw, { batchId: 'o-3', reports: [{ address: dltAddress(42), commandResult: { commandId: waiting[0]!.commandId, outcome: 'succeeded' } }] });
    await pushesSettled(60_000);
    expect((await deps.store.commands.list(id, { limit: 5 })).items[0]).toMatchObject({ status: 'succeeded' });
    expect((await deps.store.meters.get(id))?.supply).toBe('off');
    expect((await outbox()).body.items).toEqual([]);
    const unsigned = await call(api, `/v1/webhooks/gateways/${gw.gatewayId}/commands`);
    expect(unsigned.status).toBe(401);
  });

  it('refuses a forged, stale or malformed batch before anything is written', async () => {
    const gw = await gatewayInBuilding();
    const batch = { batchId: 'x-1', reports: [] };
    expect((await post(gw, batch, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await post(gw, batch, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
    const unsigned = await call(api, `/v1/webhooks/gateways/${gw.gatewayId}`, { body: batch });
    expect(unsigned.status).toBe(401);
    const bad = await post(gw, { batchId: 'x-2', reports: [{ address: '1', energy: { value: '1', unit: 'kWh' }, online: true }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'gateway.malformed', field: 'body.reports.0' });
    expect((await gw.deps.store.gateways.get(gw.gatewayId))?.lastSeenAt).toBeNull();
    // The same batch relayed by an MQTT broker's webhook is the gateway's batch (here an empty one: a heartbeat).
    const relayed = await post(gw, { topic: `gateways/${gw.gatewayId}/up`, clientid: gw.gatewayId, payload: JSON.stringify(batch) });
    expect(relayed.body).toEqual({ code: 'SUCCESS', outcome: 'heartbeat' });
  });

  it('raises one alarm for a gateway gone silent, none for its meters, and clears it when the gateway is back', async () => {
    const gw = await gatewayInBuilding({ silentAfterMinutes: 5 });
    const ids: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const id = unique(`GO${i}`);
      await createMeter(gw.deps, { id, utility: 'electricity', protocol: 'dlt645', address: dltAddress(i), platform: 'gateway', deviceId: gw.gatewayId, tariffId: gw.tariffId, buildingId: gw.buildingId });
      ids.push(id);
    }
    expect((await post(gw, { batchId: 'hb-1', reports: [] })).body.outcome).toBe('heartbeat');
    // 10 minutes later, then 30 hours later (well past a meter's own 26 h silence), the sweeps run.
    const later = integrationDeps({ now: new Date(Date.now() + 10 * 60_000) });
    expect((await sweepGateways(later)).wentOffline).toBeGreaterThanOrEqual(1);
    expect((await sweepGateways(later)).wentOffline).toBe(0);
    const muchLater = integrationDeps({ now: new Date(Date.now() + 30 * 3_600_000) });
    for (const id of ids) await sweepMeter(muchLater, (await muchLater.store.meters.get(id))!);
    for (const id of ids) expect((await muchLater.store.alarms.openFor(id)).map((a) => a.kind)).not.toContain('communication_lost');
    const open = await gw.deps.store.alarms.openFor(gatewaySubject(gw.gatewayId));
    expect(open).toEqual([expect.objectContaining({ kind: 'gateway_offline', gatewayId: gw.gatewayId, buildingId: gw.buildingId, count: 1, message: '网关「3号楼集中器」离线，其下 3 块表无法通信' })]);
    expect(await inboxAlarms(api, admin, `buildingId=${gw.buildingId}&kind=gateway_offline`)).toEqual([expect.objectContaining({ kind: 'gateway_offline', gatewayId: gw.gatewayId })]);
    // Back: its next batch clears the alarm.
    expect((await post(gw, { batchId: 'hb-2', reports: [] })).body.outcome).toBe('heartbeat');
    expect(await gw.deps.store.alarms.openFor(gatewaySubject(gw.gatewayId))).toEqual([]);
  });

  it('turns a dormitory circuit tripped by a 1,500 W heater into an alarm for the manager and a message for the tenant', async () => {
    const gw = await gatewayInBuilding();
    const id = unique('GT');
    await createMeter(gw.deps, { id, utility: 'electricity', protocol: 'dlt645', address: dltAddress(7), platform: 'gateway', deviceId: gw.gatewayId, circuit: 1, circuitLabel: '照明', tariffId: gw.tariffId, buildingId: gw.buildingId, room: '5-214' });
    await recordOfflinePayment(gw.deps, operator, id, { amountFen: 3000, method: 'cash' }, undefined);
    const tenant = await login('dorm');
    expect((await bindTenant(api, admin, tenant.token, id)).status).toBe(201);
    const trip = { address: dltAddress(7), at: new Date().toISOString(), trip: { cause: 'malicious_load', powerW: 1500, limitW: 300 } };
    expect((await post(gw, { batchId: 't-1', reports: [trip] })).status).toBe(200);
    // Sent again under another batch id (a gateway that reports events twice): still one trip, told once.
    expect((await post(gw, { batchId: 't-2', reports: [trip] })).status).toBe(200);
    await pushesSettled(60_000);
    expect(await inboxAlarms(api, admin, `buildingId=${gw.buildingId}&kind=circuit_trip`)).toEqual([
      expect.objectContaining({ meterId: id, kind: 'circuit_trip', severity: 'warning', message: '照明回路检测到违规电器（1500W，限300W），已断电' }),
    ]);
    const meter = (await gw.deps.store.meters.get(id))!;
    // Off, and held off until a manager has looked: paying does not switch the heater back on.
    expect(meter.supply).toBe('off');
    expect(meter.supplyHold).toMatchObject({ by: 'system:trip' });
    const told = (await call(api, `/v1/admin/notifications?meterId=${id}`, { token: admin })).body.items as { kind: string; to: string }[];
    const toTenant = told.filter((n) => n.kind === 'supply_cut');
    expect(toTenant).toHaveLength(1);
    expect(toTenant[0]!.to).toBe(tenant.openid);
    const stored = (await gw.deps.store.notifications.listForMeter(id, { limit: 10 })).items.find((n) => n.kind === 'supply_cut');
    expect(stored?.text).toBe('5-214 电表·照明 照明回路违规电器断电，请联系管理员（余额 ¥30.00）');
    const tenantView = await call(api, `/v1/meters/${id}/alarms`, { token: tenant.token });
    expect(tenantView.body.items.map((a: { kind: string }) => a.kind)).toContain('circuit_trip');
  });
});
