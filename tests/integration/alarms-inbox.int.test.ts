import { describe, expect, inject, it } from 'vitest';
import { managerOf, twoBuildings } from '../support/estate';
import { call } from '../support/http';

const api = inject('apiUrl');
const admin = inject('adminKey');

type Listed = { meterId: string; kind: string; status: string; closedBy?: string; count: number };

/** Every page of the inbox for that query (the table is shared with other files: their alarms are there too). */
async function inbox(token: string, query: string): Promise<Listed[]> {
  const items: Listed[] = [];
  let cursor: string | null = null;
  do {
    const page = await call(api, `/v1/admin/alarms?limit=100&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    expect(page.status).toBe(200);
    items.push(...(page.body.items as Listed[]));
    cursor = page.body.next as string | null;
  } while (cursor);
  return items;
}

describe('the alarms inbox', () => {
  it('lists open, acknowledged and cleared alarms of the manager’s buildings, by kind and by building', async () => {
    const { deps, x, y, mx, my } = await twoBuildings();
    const manager = await managerOf([x]);
    const at = new Date().toISOString();
    for (const meterId of [mx.id, my.id]) await deps.store.alarms.raise({ meterId, kind: 'meter_fault', severity: 'critical', message: '表计故障', details: {}, raisedAt: at });
    await deps.store.alarms.raise({ meterId: mx.id, kind: 'meter_fault', severity: 'critical', message: '表计故障', details: {}, raisedAt: new Date().toISOString() });
    await deps.store.alarms.raise({ meterId: mx.id, kind: 'night_flow', severity: 'warning', message: '夜间用水', details: {}, raisedAt: at });
    // This test's alarms (a silent new meter may also have one of its own, raised by another file's sweep).
    const mine = (items: Listed[]) => items.filter((alarm) => (alarm.meterId === mx.id || alarm.meterId === my.id) && (alarm.kind === 'meter_fault' || alarm.kind === 'night_flow'));

    // Open, of building X: both kinds on its meter, the repeat merged; building Y's never.
    const open = mine(await inbox(manager.token, `status=open&buildingId=${x}`));
    expect(open.map((alarm) => [alarm.meterId, alarm.kind, alarm.count]).sort()).toEqual([[mx.id, 'meter_fault', 2], [mx.id, 'night_flow', 1]].sort());
    expect(mine(await inbox(manager.token, 'kind=meter_fault')).map((alarm) => alarm.meterId)).toEqual([mx.id]);
    expect(mine(await inbox(admin, `kind=meter_fault&buildingId=${y}`)).map((alarm) => alarm.meterId)).toEqual([my.id]);
    expect((await call(api, `/v1/admin/alarms?buildingId=${y}`, { token: manager.token })).status).toBe(404);

    // Acknowledged by the manager; cleared by the system when the condition went away.
    expect((await call(api, `/v1/admin/meters/${mx.id}/alarms/meter_fault/ack`, { token: manager.token, body: { note: '已派人检修' } })).status).toBe(200);
    await deps.store.alarms.close(mx.id, 'night_flow', { status: 'cleared', at: new Date().toISOString(), by: 'system' });
    expect(mine(await inbox(manager.token, `buildingId=${x}`))).toEqual([]);
    const acknowledged = mine(await inbox(manager.token, 'status=acknowledged'));
    expect(acknowledged).toEqual([expect.objectContaining({ meterId: mx.id, kind: 'meter_fault', status: 'acknowledged', closedBy: `user:${manager.openid}`, count: 2 })]);
    expect(mine(await inbox(manager.token, `status=cleared&buildingId=${x}&kind=night_flow`))).toEqual([expect.objectContaining({ meterId: mx.id, status: 'cleared', closedBy: 'system' })]);
    expect(mine(await inbox(manager.token, 'status=cleared&kind=meter_fault'))).toEqual([]);

    // Bad filters are a 400, and change nothing.
    for (const query of ['status=closed', 'kind=nonsense', `buildingId=${'b'.repeat(65)}`, 'limit=0']) {
      const refused = await call(api, `/v1/admin/alarms?${query}`, { token: manager.token });
      expect(refused.status, query).toBe(400);
    }
  });

  it('refuses a tenant', async () => {
    const { mx } = await twoBuildings();
    expect((await call(api, '/v1/admin/alarms?status=acknowledged', { token: mx.tenant.token })).status).toBe(403);
  });
});
