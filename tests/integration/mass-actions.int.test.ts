import { describe, expect, inject, it } from 'vitest';
import { approveMassAction, endDueMassActions, endMassActionEarly, requestMassAction } from '../../functions/src/services/mass-actions';
import { recordOfflinePayment } from '../../functions/src/services/payments';
import { adjust } from '../../functions/src/services/adjustments';
import { createMeter, createTariff } from '../../functions/src/services/provisioning';
import { integrationDeps, unique } from '../support/deps';
import { managerOf } from '../support/estate';
import { call } from '../support/http';

const api = inject('apiUrl');
const admin = inject('adminKey');

/** A building on a controlled clock, and a way to put electricity meters in it. */
async function building(now: string) {
  const deps = integrationDeps({ now: new Date(now) });
  const buildingId = unique('MB');
  await deps.store.estate.putBuilding({ id: buildingId, name: buildingId, address: '—' });
  const tariff = await createTariff(deps, { id: unique('t'), name: 't', utility: 'electricity', kind: 'flat', price: '1.00' } as never);
  const meter = async (extra: Record<string, unknown> = {}) => {
    const id = unique('MM');
    await createMeter(deps, { id, utility: 'electricity', protocol: 'dlt645', address: '000000000011', platform: 'simulator', deviceId: `mm-${id}`, tariffId: tariff.id, buildingId, ...extra });
    return id;
  };
  const manager = (name: string) => ({ kind: 'user', openid: unique(name), roles: ['manager'], buildings: [buildingId] }) as const;
  return { deps, buildingId, meter, manager };
}

describe('a building-wide keep-on: asked by one manager, approved by another, ended by the clock', () => {
  it('in process, on a controlled clock: nothing until a second manager approves; at the end time the meters come off keep-on and arrears are cut', async () => {
    const { deps, buildingId, meter } = await building('2026-01-20T02:00:00Z');
    const [paid, owing, already] = [await meter(), await meter(), await meter({ keepOn: true })];
    const key = { kind: 'key', keyId: 'test', roles: ['admin'] } as const;
    await recordOfflinePayment(deps, key, paid, { amountFen: 5_000, method: 'cash' }, undefined);
    await adjust(deps, key, owing, { amountFen: -100, reason: '欠费' }, undefined);
    expect((await deps.store.meters.get(owing))!.pendingSupply?.action).toBe('cut');

    const first = { kind: 'user', openid: unique('m1'), roles: ['manager'], buildings: [buildingId] } as const;
    const second = { kind: 'user', openid: unique('m2'), roles: ['manager'], buildings: [buildingId] } as const;
    const outsider = { kind: 'user', openid: unique('m3'), roles: ['manager'], buildings: ['elsewhere'] } as const;
    const asked = await requestMassAction(deps, first, buildingId, { action: 'keep_on', until: '2026-01-27T16:00:00Z', reason: '春节保电' });
    expect(asked.status).toBe('awaiting_approval');
    expect((await deps.store.meters.get(paid))!.keepOn).toBe(false);
    await expect(requestMassAction(deps, first, buildingId, { action: 'keep_on', until: '2026-01-20T02:05:00Z', reason: 'x' })).rejects.toMatchObject({ status: 400 });
    await expect(requestMassAction(deps, outsider, buildingId, { action: 'keep_on', until: '2026-01-27T16:00:00Z', reason: 'x' })).rejects.toMatchObject({ status: 404 });

    await expect(approveMassAction(deps, first, asked.id)).rejects.toMatchObject({ status: 403, code: 'mass.same_person' });
    await expect(approveMassAction(deps, outsider, asked.id)).rejects.toMatchObject({ status: 404 });
    const approved = await approveMassAction(deps, second, asked.id, '同意');
    expect(approved).toMatchObject({ status: 'active', decidedBy: `user:${second.openid}`, applied: [paid, owing].sort() });
    for (const id of [paid, owing, already]) expect((await deps.store.meters.get(id))!.keepOn).toBe(true);
    // Keep-on overrides the arrears: the cut that was on its way is no longer wanted.
    expect((await deps.store.meters.get(owing))!.pendingSupply?.action).not.toBe('cut');
    await expect(approveMassAction(deps, key, asked.id)).rejects.toMatchObject({ status: 409 });
    // One at a time: a second keep-on while this one runs would skip its meters, and this one's end would switch them back under it.
    await expect(requestMassAction(deps, second, buildingId, { action: 'keep_on', until: '2026-01-25T16:00:00Z', reason: '另一次' })).rejects.toMatchObject({ status: 409, code: 'mass.overlapping' });

    // Before its time nothing ends; after it, once.
    deps.clock.set(new Date('2026-01-27T15:59:00Z'));
    expect(await endDueMassActions(deps)).toBe(0);
    deps.clock.set(new Date('2026-01-27T16:00:30Z'));
    expect(await endDueMassActions(deps)).toBe(1);
    expect(await endDueMassActions(deps)).toBe(0);
    expect(await deps.store.massActions.get(asked.id)).toMatchObject({ status: 'ended', endedAt: '2026-01-27T16:00:30.000Z' });
    expect((await deps.store.meters.get(paid))!.keepOn).toBe(false);
    expect((await deps.store.meters.get(owing))!.keepOn).toBe(false);
    // Left as it was before: it was on keep-on already.
    expect((await deps.store.meters.get(already))!.keepOn).toBe(true);
    // In arrears and no longer kept on: the supply rule cuts it again.
    expect((await deps.store.meters.get(owing))!.pendingSupply?.action).toBe('cut');
    expect((await deps.store.meters.get(paid))!.pendingSupply?.action).not.toBe('cut');
  });

  it('an approval stopped half-way is carried on by the sweep, each meter switched and sent its command once however many run; ended, nothing more is switched', async () => {
    const { deps, buildingId, meter, manager } = await building('2026-02-01T02:00:00Z');
    const meters = [await meter(), await meter(), await meter()];
    const [first, second] = [manager('m1'), manager('m2')];
    const asked = await requestMassAction(deps, first, buildingId, { action: 'keep_on', until: '2026-02-03T02:00:00Z', reason: '寒潮保电' });
    // The approval is claimed, and the request dies before any meter is switched (a crash, a timeout).
    expect(await deps.store.massActions.approve(asked, `user:${second.openid}`, '2026-02-01T02:00:00.000Z', '2026-02-01T02:02:00.000Z')).toMatchObject({ status: 'active' });
    deps.clock.set(new Date('2026-02-01T02:01:00Z'));
    await endDueMassActions(deps);
    for (const id of meters) expect((await deps.store.meters.get(id))!.keepOn).toBe(false);

    // Once it is due, two sweeps at once carry it on.
    deps.clock.set(new Date('2026-02-01T02:03:00Z'));
    expect(await Promise.all([endDueMassActions(deps), endDueMassActions(deps)])).toEqual([0, 0]);
    for (const id of meters) {
      expect((await deps.store.meters.get(id))!.keepOn).toBe(true);
      const sent = (await deps.store.commands.list(id, { limit: 20 })).items.filter((command) => command.action === 'keep_on' && command.reason.includes(asked.id));
      expect(sent, id).toHaveLength(1);
    }
    expect(await deps.store.massActions.get(asked.id)).toMatchObject({ status: 'active', applied: [...meters].sort(), appliedAt: '2026-02-01T02:03:00.000Z' });

    // Ended early: every meter comes off keep-on once; a meter added meanwhile is not switched by a late run.
    const late = await meter();
    expect(await endMassActionEarly(deps, first, asked.id)).toMatchObject({ status: 'ended' });
    expect(await deps.store.massActions.applyTo(asked.id, late, '2026-02-01T02:04:00.000Z')).toBe(false);
    expect((await deps.store.meters.get(late))!.keepOn).toBe(false);
    for (const id of meters) expect((await deps.store.meters.get(id))!.keepOn).toBe(false);
    expect(await deps.store.massActions.appliedMeters(asked.id)).toEqual(meters.map((meterId) => ({ meterId, released: true })).sort((a, b) => a.meterId.localeCompare(b.meterId)));
    expect((await deps.store.massActions.get(asked.id))!.releasedAt).toBeDefined();
  });

  it('over HTTP: two managers approve at once, exactly one wins; the audit log has who asked and who approved', async () => {
    const deps = integrationDeps();
    const buildingId = unique('MH');
    await deps.store.estate.putBuilding({ id: buildingId, name: buildingId, address: '—' });
    const [asker, one, two] = [await managerOf([buildingId]), await managerOf([buildingId]), await managerOf([buildingId])];
    const until = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const asked = await call(api, `/v1/admin/buildings/${buildingId}/mass-actions`, { token: asker.token, body: { action: 'keep_on', until, reason: '高温保电' } });
    expect(asked.status).toBe(201);
    expect((await call(api, `/v1/admin/buildings/${buildingId}/mass-actions`, { token: asker.token, body: { action: 'keep_off', until, reason: 'x' } })).status).toBe(400);
    const answers = await Promise.all([one, two].map((manager) => call(api, `/v1/admin/mass-actions/${asked.body.id}/approve`, { token: manager.token, body: {} })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const list = await call(api, `/v1/admin/buildings/${buildingId}/mass-actions`, { token: asker.token });
    expect(list.body.items).toEqual([expect.objectContaining({ id: asked.body.id, status: 'active', requestedBy: `user:${asker.openid}` })]);
    const audit = (await call(api, `/v1/admin/audit?buildingId=${buildingId}`, { token: admin })).body.items as { action: string; actor: string }[];
    expect(audit.map((entry) => `${entry.action} ${entry.actor}`)).toEqual(
      expect.arrayContaining([`POST /v1/admin/buildings/{buildingId}/mass-actions user:${asker.openid}`, expect.stringMatching(/^POST \/v1\/admin\/mass-actions\/\{actionId\}\/approve user:/)]),
    );
    expect((await call(api, `/v1/admin/mass-actions/${asked.body.id}/end`, { token: one.token, method: 'POST' })).body).toMatchObject({ status: 'ended' });
  });
});
