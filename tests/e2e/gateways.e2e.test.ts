import { encodeDlt645Answer } from '@prepaid/shared';
import { describe, expect, inject, it } from 'vitest';
import { signGatewayRequest } from '../../functions/src/services/gateways';
import { createStore, createTableRef } from '../../functions/src/store';
import { LOCAL_TABLE } from '../../scripts/lib/stack';
import { auditedScreenshots } from '../support/axe';
import { screenshotPath } from '../support/browser';
import { chromiumForFile } from '../support/chromium-file';
import { call } from '../support/http';
import '../support/provided';

const web = inject('webUrl');
const api = inject('apiUrl');
const admin = inject('adminKey');
const chromium = chromiumForFile();

const { audits, shot } = auditedScreenshots(screenshotPath);

/** A batch signed with the gateway's secret, as the terminal sends it. */
async function postBatch(gatewayId: string, secret: string, batch: unknown): Promise<void> {
  const body = JSON.stringify(batch);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const answer = await call(api, `/v1/webhooks/gateways/${gatewayId}`, { body, headers: { 'x-gateway-timestamp': timestamp, 'x-gateway-signature': signGatewayRequest(secret, timestamp, body) } });
  expect(answer.status).toBe(200);
}

describe('gateways and dormitory circuits in the H5 mini-program', () => {
  it('a manager finds the dormitory terminal online with its circuits, the lighting circuit tripped by a heater, held off, and its alarm', async () => {
    const stamp = Date.now().toString(36);
    // A building of its own: the demo building's meter count is another browser test's to check.
    const BUILDING = `dorm-b-${stamp}`;
    const store = createStore(createTableRef({ tableName: LOCAL_TABLE, region: 'local', endpoint: inject('dynamodbEndpoint') }));
    await store.estate.putBuilding({ id: BUILDING, name: '学生公寓 B 栋', address: '—' });
    store.table.raw.destroy();
    const gatewayId = `dorm-e2e-${stamp}`;
    const created = await call(api, '/v1/admin/gateways', { token: admin, body: { id: gatewayId, name: 'A-302 宿舍多回路终端', buildingId: BUILDING, kind: 'rs485' } });
    expect(created.status).toBe(201);
    const circuits = [
      { circuit: 1, circuitLabel: '照明', address: '000000030201' },
      { circuit: 2, circuitLabel: '空调', address: '000000030202' },
    ];
    const ids = circuits.map((c) => `E-A302-${stamp}-${c.circuit}`);
    for (const [i, c] of circuits.entries()) {
      const meter = await call(api, '/v1/admin/meters', { token: admin, body: { id: ids[i], utility: 'electricity', protocol: 'dlt645', platform: 'gateway', deviceId: gatewayId, tariffId: 'elec-flat', buildingId: BUILDING, room: 'A-302', ...c } });
      expect(meter.status).toBe(201);
      expect((await call(api, `/v1/admin/meters/${ids[i]}/payments`, { token: admin, body: { amountFen: 5000, method: 'cash' } })).status).toBe(201);
    }
    const at = new Date().toISOString();
    await postBatch(gatewayId, created.body.secret, {
      batchId: `e2e-${stamp}-1`,
      reports: [
        { address: circuits[0]!.address, at, energy: { value: '120.50', unit: 'kWh' } },
        { address: circuits[1]!.address, at, energy: { value: '860.25', unit: 'kWh' } },
        { address: circuits[0]!.address, at: new Date(Date.now() + 1000).toISOString(), trip: { cause: 'malicious_load', powerW: 1500, limitW: 300 } },
      ],
    });
    // Batches are queued: the trip is in once the lighting circuit is held off.
    await expect.poll(async () => (await call(api, `/v1/meters/${ids[0]}`, { token: admin })).body.hold, { timeout: 20_000 }).toBe(true);

    const openid = `e2e-gateways-${stamp}`;
    const page = await chromium.page();
    let loads = 0;
    const open = (hash: string) => page.goto(`${web}/?openid=${openid}&load=${++loads}#${hash}`);
    const visible = (selector: string) => page.locator(`${selector} >> visible=true`).first();
    const invitation = await call(api, '/v1/admin/invitations', { token: admin, body: { role: 'manager', buildings: [BUILDING], note: '宿管 李强' } });
    await open(`/package-admin/invite/index?code=${invitation.body.code}`);
    await page.locator('#invite-redeem').click({ timeout: 30_000 });
    await expect.poll(async () => (await page.textContent('#invite-joined')) ?? '', { timeout: 15_000 }).toContain('物业管理员');

    // 1. From the manager tab: the gateways, this terminal online with its two circuits by what they feed.
    await open('/pages/manager/index');
    await visible('#admin-link-gateways').click({ timeout: 30_000 });
    const item = visible(`#gateway-${gatewayId}`);
    await item.waitFor({ timeout: 30_000 });
    expect(await item.getAttribute('data-online')).toBe('true');
    const text = (await item.textContent()) ?? '';
    expect(text).toContain('A-302 宿舍多回路终端');
    expect(text).toContain('在线');
    expect(text).toContain(`1 号回路 照明 · ${ids[0]}`);
    expect(text).toContain(`2 号回路 空调 · ${ids[1]}`);
    await item.scrollIntoViewIfNeeded();
    await shot(page, 'gateways-1-list');

    // 2. The lighting circuit: named by what it feeds, off and held (the heater), its trip among its alarms.
    await visible(`#gateway-point-${ids[0]}`).click();
    await visible('#admin-meter').waitFor({ timeout: 30_000 });
    expect(await visible('#admin-meter').textContent()).toContain('学生公寓 B 栋 · A-302 · 照明回路');
    await expect.poll(async () => (await visible('#admin-meter-supply').textContent()) ?? '', { timeout: 15_000 }).toContain('已断电');
    await expect.poll(async () => (await page.locator('#admin-meter-alarms >> visible=true').last().textContent()) ?? '', { timeout: 15_000 }).toContain('违规电器');
    // The device it is on: the gateway's two circuits, this one marked, the air conditioner's still on.
    const device = visible('#admin-device');
    await device.waitFor({ timeout: 30_000 });
    expect(await device.getAttribute('data-points')).toBe('2');
    expect(await visible('#admin-device-head').textContent()).toBe(`网关 ${gatewayId} 上的 2 块表`);
    expect(await visible(`#device-meter-${ids[0]}`).textContent()).toContain('1 号回路 照明（本表）');
    expect(await visible(`#device-meter-${ids[1]}`).getAttribute('data-supply')).toBe('on');
    await shot(page, 'gateways-2-circuit');

    // 3. The alarms inbox, trips only: the heater on the lighting circuit.
    await open('/package-admin/alarms/index');
    await visible('#kind-circuit_trip').click({ timeout: 30_000 });
    const alarm = visible(`#alarm-${ids[0]}-circuit_trip`);
    await alarm.waitFor({ timeout: 30_000 });
    expect(await alarm.textContent()).toContain('照明回路检测到违规电器（1500W，限300W），已断电');
    await shot(page, 'gateways-3-trip-alarm');

    // 4. An NB-IoT dormitory terminal (one CTWing device, three circuits): from its lighting circuit's page, every circuit
    // of the device by what it feeds, the air conditioner's in arrears; another circuit opens its own page.
    const nbDevice = `ctwing-dorm-${stamp}`;
    const nb = [
      { circuit: 1, circuitLabel: '照明', address: '000000030301', paidFen: 5000 },
      { circuit: 2, circuitLabel: '插座', address: '000000030302', paidFen: 5000 },
      { circuit: 3, circuitLabel: '空调', address: '000000030303', paidFen: 0 },
    ];
    const nbIds = nb.map((c) => `E-A303-${stamp}-${c.circuit}`);
    for (const [i, { paidFen, ...c }] of nb.entries()) {
      const meter = await call(api, '/v1/admin/meters', { token: admin, body: { id: nbIds[i], utility: 'electricity', protocol: 'dlt645', platform: 'ctwing', deviceId: nbDevice, tariffId: 'elec-flat', buildingId: BUILDING, room: 'A-303', ...c } });
      expect(meter.status).toBe(201);
      if (paidFen > 0) expect((await call(api, `/v1/admin/meters/${nbIds[i]}/payments`, { token: admin, body: { amountFen: paidFen, method: 'cash' } })).status).toBe(201);
    }
    const report = async (atMs: number, wh: number) => {
      const frames = Buffer.concat(nb.map((c) => Buffer.from(encodeDlt645Answer(c.address, { kind: 'energy', register: 'total', energyWh: wh }))));
      const body = { messageType: 'dataReport', deviceId: nbDevice, timestamp: atMs, payload: { APPdata: frames.toString('base64') } };
      expect((await call(api, '/v1/webhooks/ctwing?token=local-ctwing-token', { body })).status).toBe(200);
    };
    await report(Date.now() - 3_600_000, 500_000);
    await expect.poll(async () => (await call(api, `/v1/meters/${nbIds[0]}/readings?limit=5`, { token: admin })).body.items?.length ?? 0, { timeout: 20_000 }).toBe(1);
    await report(Date.now() - 60_000, 502_000);
    await expect.poll(async () => (await call(api, `/v1/meters/${nbIds[2]}`, { token: admin })).body.balanceFen, { timeout: 20_000 }).toBeLessThan(0);
    await open(`/package-admin/meter/index?meterId=${nbIds[0]}`);
    const terminal = visible('#admin-device');
    await terminal.waitFor({ timeout: 30_000 });
    expect(await terminal.getAttribute('data-points')).toBe('3');
    expect(await visible('#admin-device-head').textContent()).toBe(`电信 AEP 设备 ${nbDevice} · 3 个回路`);
    expect(await visible(`#device-meter-${nbIds[0]}`).textContent()).toContain('1 号回路 照明（本表）');
    expect(await visible(`#device-meter-${nbIds[1]}`).textContent()).toContain('2 号回路 插座 ›');
    const airConditioner = (await visible(`#device-meter-${nbIds[2]}`).textContent()) ?? '';
    expect(airConditioner).toContain('3 号回路 空调 ›');
    expect(airConditioner).toMatch(/-¥\d+\.\d{2}|¥-\d+\.\d{2}/);
    await shot(page, 'gateways-4-nb-terminal');
    await visible(`#device-meter-${nbIds[2]}`).click();
    await expect.poll(async () => (await visible('#admin-meter').textContent()) ?? '', { timeout: 15_000 }).toContain('A-303 · 空调回路');
    await page.close();
    expect(audits).toEqual({});
  });
});
