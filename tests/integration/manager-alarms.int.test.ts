import { describe, expect, inject, it } from 'vitest';
import { evaluateAlarms } from '../../functions/src/services/alarms';
import { dispatchOwn } from '../support/dispatch-own';
import { integrationDeps, unique } from '../support/deps';
import { login, managerOf } from '../support/estate';
import { bindTenant, call } from '../support/http';

const api = inject('apiUrl');
const admin = inject('adminKey');

describe("a building's managers are told of new alarms", () => {
  it('tells each manager of the building (not the tenant, not another building’s manager) once when an alarm that needs a person opens', async () => {
    const deps = integrationDeps({ now: new Date() });
    const [x, y] = [unique('AX'), unique('AY')];
    for (const id of [x, y]) await deps.store.estate.putBuilding({ id, name: id, address: '—' });
    const [first, second, other] = [await managerOf([x]), await managerOf([x]), await managerOf([y])];
    const tariff = await call(api, '/v1/admin/tariffs', { token: admin, body: { name: 'ma', utility: 'water', kind: 'flat', price: '4.00' } });
    const meterId = unique('MA');
    const body = { id: meterId, utility: 'water', protocol: 'cjt188', address: '00000000000013', platform: 'simulator', deviceId: `ma-${meterId}`, tariffId: tariff.body.id, buildingId: x, room: '701' };
    expect((await call(api, '/v1/admin/meters', { token: admin, body })).status).toBe(201);
    const tenant = await login('mt');
    expect((await bindTenant(api, admin, tenant.token, meterId)).status).toBe(201);
    expect((await call(api, `/v1/admin/meters/${meterId}/payments`, { token: admin, body: { amountFen: 5_000, method: 'cash' } })).status).toBe(201);

    // Never heard from: the sweep finds it silent and opens communication_lost (the payment's own evaluation may have opened it already).
    const meter = (await deps.store.meters.get(meterId))!;
    await evaluateAlarms(deps, meter);
    await evaluateAlarms(deps, meter);
    const records = (await call(api, `/v1/admin/notifications?meterId=${meterId}&limit=100`, { token: admin })).body.items as { kind: string; to: string | null; text: string; channel: string; status: string }[];
    const alarms = records.filter((record) => record.kind === 'alarm');
    expect(alarms.map((record) => record.to).sort()).toEqual([first.openid, second.openid].sort());
    expect(alarms[0]!.text).toContain('701 水表 告警：');
    expect(records.some((record) => record.kind === 'alarm' && (record.to === other.openid || record.to === tenant.openid))).toBe(false);

    // A manager subscribes to alarms like a tenant to their messages: the kind is offered to staff only.
    const kinds = async (token: string) => ((await call(api, '/v1/me/subscriptions', { token })).body.items as { kind: string }[]).map((item) => item.kind);
    expect(await kinds(first.token)).toContain('alarm');
    expect(await kinds(tenant.token)).not.toContain('alarm');
  });

  it('tells them of an alarm raised outside an evaluation too: a command that expired unanswered, once', async () => {
    const deps = integrationDeps({ now: new Date() });
    const building = unique('AE');
    await deps.store.estate.putBuilding({ id: building, name: building, address: '—' });
    const manager = await managerOf([building]);
    const tariff = await call(api, '/v1/admin/tariffs', { token: admin, body: { name: 'ma', utility: 'electricity', kind: 'flat', price: '1.00' } });
    const meterId = unique('ME');
    const body = { id: meterId, utility: 'electricity', protocol: 'dlt645', address: '000000000014', platform: 'simulator', deviceId: `me-${meterId}`, tariffId: tariff.body.id, buildingId: building, room: '702' };
    expect((await call(api, '/v1/admin/meters', { token: admin, body })).status).toBe(201);
    expect((await call(api, `/v1/admin/meters/${meterId}/commands`, { token: manager.token, body: { action: 'cut', reason: '入户检查' } })).status).toBeLessThan(300);
    const [command] = (await deps.store.commands.list(meterId, { limit: 5 })).items;

    // A day later the meter never answered: the command expires, the alarm opens, and the manager is told.
    deps.clock.set(new Date(Date.parse(command!.expiresAt) + 60_000));
    await dispatchOwn(deps, meterId);
    await dispatchOwn(deps, meterId);
    expect((await deps.store.alarms.openFor(meterId)).map((alarm) => alarm.kind)).toContain('command_expired');
    const records = (await call(api, `/v1/admin/notifications?meterId=${meterId}&limit=100`, { token: admin })).body.items as { kind: string; to: string | null; text: string }[];
    const told = records.filter((record) => record.kind === 'alarm' && record.text.includes('指令'));
    expect(told.map((record) => record.to)).toEqual([manager.openid]);
  });
});
