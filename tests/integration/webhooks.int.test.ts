import { createHash } from 'node:crypto';
import { encodeCjt188Answer, encodeDlt645Answer } from '@prepaid/shared';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { unique } from '../support/deps';
import { call } from '../support/http';
import { pushesSettled, readingOutcome } from '../support/queue';

const api = inject('apiUrl');
const admin = inject('adminKey');
const post = (path: string, body: unknown, token = admin) => call(api, path, { body, token });
const get = (path: string) => call(api, path, { token: admin });
/** The stack queues pushes (answer `queued`); what became of one is read back once the queue has settled. */
const outcome = (meterId: string, value: number) => readingOutcome(api, admin, meterId, value);

/** A 12-digit DL/T 645 address unique to this test run. */
const newAddress = (digits: number) => String(Date.now()).slice(-8).padStart(digits, '0').slice(0, digits - 2) + String(Math.floor(Math.random() * 90) + 10);

const ctwingPush = (deviceId: string, energyWh: number, timestamp: number, address: string) => ({
  messageType: 'dataReport',
  tenantId: '2000000001',
  productId: '15000001',
  deviceId,
  IMEI: '860000000000000',
  timestamp,
  protocol: 'lwm2m',
  serviceId: '',
  upPacketSN: timestamp % 100_000,
  payload: { APPdata: Buffer.from(encodeDlt645Answer(address, { kind: 'energy', register: 'total', energyWh })).toString('base64') },
});

async function provision(utility: 'electricity' | 'water', platform: 'ctwing' | 'onenet', price: string, address: string) {
  const tariff = await post('/v1/admin/tariffs', { name: 't', utility, kind: 'flat', price });
  const id = unique(utility === 'electricity' ? 'E' : 'W');
  const deviceId = `${platform}-${id}`;
  const meter = await post('/v1/admin/meters', {
    id, utility, protocol: utility === 'electricity' ? 'dlt645' : 'cjt188', address, platform, deviceId, tariffId: tariff.body.id,
  });
  expect(meter.status).toBe(201);
  return { id, deviceId };
}

describe('CTWing pushes with DL/T 645 frames', () => {
  const address = newAddress(12);
  let meter: { id: string; deviceId: string };
  const T = Date.parse('2026-11-21T08:00:00+08:00');

  beforeAll(async () => {
    meter = await provision('electricity', 'ctwing', '0.50', address);
    await post(`/v1/admin/meters/${meter.id}/payments`, { amountFen: 1000, method: 'cash' });
  });

  it('bills a push against the baseline, once however many copies arrive at the same moment', async () => {
    const baseline = await post('/v1/webhooks/ctwing?token=local-ctwing-token', ctwingPush(meter.deviceId, 1_234_560, T, address), '');
    expect([baseline.status, baseline.body.outcome]).toEqual([200, 'queued']);
    expect(await outcome(meter.id, 1_234_560)).toBe('reading:baseline');
    const push = ctwingPush(meter.deviceId, 1_244_560, T + 3_600_000, address);
    const answers = await Promise.all(Array.from({ length: 10 }, () => post('/v1/webhooks/ctwing?token=local-ctwing-token', push, '')));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(await outcome(meter.id, 1_244_560)).toBe('reading:billed');
    const view = await get(`/v1/meters/${meter.id}`);
    expect(view.body).toMatchObject({ balanceFen: 500, lastReading: { value: 1_244_560, unit: 'Wh' }, online: true });
    const ledger = await get(`/v1/meters/${meter.id}/ledger`);
    expect(ledger.body.items.filter((entry: { kind: string }) => entry.kind === 'charge')).toHaveLength(1);
  });

  it('answers 401 to a wrong token and writes nothing', async () => {
    const before = (await get(`/v1/meters/${meter.id}/readings`)).body.items;
    const answer = await post('/v1/webhooks/ctwing?token=wrong', ctwingPush(meter.deviceId, 1_300_000, T + 7_200_000, address), '');
    expect(answer.status).toBe(401);
    expect((await post('/v1/webhooks/ctwing', ctwingPush(meter.deviceId, 1_300_000, T + 7_200_000, address), '')).status).toBe(401);
    expect((await get(`/v1/meters/${meter.id}/readings`)).body.items).toEqual(before);
  });

  it('records a frame with a bad checksum as a rejected-frame alarm and bills nothing', async () => {
    const push = ctwingPush(meter.deviceId, 1_300_000, T + 7_200_000, address);
    const bytes = Buffer.from(push.payload.APPdata, 'base64');
    bytes[bytes.length - 2] = (bytes[bytes.length - 2]! + 1) % 256;
    const answer = await post('/v1/webhooks/ctwing?token=local-ctwing-token', { ...push, payload: { APPdata: bytes.toString('base64') } }, '');
    expect(answer.status).toBe(200);
    await pushesSettled();
    expect((await get(`/v1/meters/${meter.id}`)).body.balanceFen).toBe(500);
    const alarms = await get('/v1/admin/alarms?limit=100');
    expect(alarms.body.items.some((alarm: { meterId: string; kind: string }) => alarm.meterId === meter.id && alarm.kind === 'rejected_frame')).toBe(true);
  });

  it('answers 200 to an unknown device and 400 to a body that is not a CTWing push', async () => {
    const unknown = await post('/v1/webhooks/ctwing?token=local-ctwing-token', ctwingPush(unique('nobody'), 10, T, address), '');
    expect(unknown.status).toBe(200);
    await pushesSettled(); // processed (recorded as an unknown device's), not failing in the queue
    const garbage = await post('/v1/webhooks/ctwing?token=local-ctwing-token', { messageType: 'dataReport', deviceId: 'x' }, '');
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.code).toBe('webhook.malformed');
    expect((await post('/v1/webhooks/ctwing?token=local-ctwing-token', '{not json', '')).status).toBe(400);
  });
});

describe('OneNET signed pushes with CJ/T 188 frames', () => {
  const address = newAddress(14);
  const sign = (nonce: string, msg: string, token = 'local-onenet-token') => createHash('md5').update(token + nonce + msg).digest('base64');
  const flowFrame = (volumeL: number) =>
    Buffer.from(
      encodeCjt188Answer(address, {
        kind: 'flow', meterType: 0x10, serial: 1, volumeL, settlementVolumeL: null, meterTime: null,
        status: { valve: 'open', batteryLow: false, fault: false, raw: 0 },
      }),
    ).toString('hex');

  it('answers the URL check with the msg when signed, 401 when not', async () => {
    const ok = await fetch(`${api}/v1/webhooks/onenet?msg=hello123&nonce=abc&signature=${encodeURIComponent(sign('abc', 'hello123'))}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('hello123');
    const bad = await fetch(`${api}/v1/webhooks/onenet?msg=hello123&nonce=abc&signature=${encodeURIComponent(sign('abc', 'hello123', 'other'))}`);
    expect(bad.status).toBe(401);
  });

  it('bills a signed data push and refuses a forged one', async () => {
    const meter = await provision('water', 'onenet', '3.00', address);
    const push = (volumeL: number, at: number, token?: string) => {
      const msg = JSON.stringify({ type: 1, dev_id: meter.deviceId, ds_id: '3200_0_5750', at, value: flowFrame(volumeL) });
      const nonce = `n${at}`;
      return `{"msg":${msg},"msg_signature":"${sign(nonce, msg, token)}","nonce":"${nonce}"}`;
    };
    const T = Date.now() - 2 * 3_600_000;
    expect((await post('/v1/webhooks/onenet', push(12_340, T), '')).status).toBe(200);
    expect(await outcome(meter.id, 12_340)).toBe('reading:baseline');
    const forged = await post('/v1/webhooks/onenet', push(99_990, T + 60_000, 'guessed'), '');
    expect(forged.status).toBe(401);
    expect((await post('/v1/webhooks/onenet', push(13_340, T + 3_600_000), '')).status).toBe(200);
    expect(await outcome(meter.id, 13_340)).toBe('reading:billed');
    // 1 m³ at 3.00 from a zero balance.
    expect((await get(`/v1/meters/${meter.id}`)).body).toMatchObject({ balanceFen: -300, lastReading: { value: 13_340, unit: 'L' } });
  });

  it('refuses a signed msg followed by a forged duplicate "msg", and a signed push replayed outside its time window', async () => {
    const meter = await provision('water', 'onenet', '3.00', address);
    const frame = (volumeL: number) => flowFrame(volumeL);
    const msgOf = (volumeL: number, at: number) => JSON.stringify({ type: 1, dev_id: meter.deviceId, ds_id: '3200_0_5750', at, value: frame(volumeL) });
    const T = Date.now() - 2 * 3_600_000;
    const baseline = msgOf(12_340, T);
    expect((await post('/v1/webhooks/onenet', `{"msg":${baseline},"msg_signature":"${sign('n1', baseline)}","nonce":"n1"}`, '')).status).toBe(200);
    expect(await outcome(meter.id, 12_340)).toBe('reading:baseline');
    // The signature covers the first msg (plausible 60 L); JSON.parse would keep the second (2 m³ more).
    const signed = msgOf(12_400, T + 3_600_000);
    const forged = msgOf(14_340, T + 3_600_000);
    const smuggled = await post('/v1/webhooks/onenet', `{"msg":${signed},"msg":${forged},"msg_signature":"${sign('n2', signed)}","nonce":"n2"}`, '');
    expect(smuggled.status).toBe(400);
    const stringSmuggled = await post('/v1/webhooks/onenet', JSON.stringify({ msg: signed, msg_signature: sign('n3', signed), nonce: 'n3' }).replace('"msg_signature"', `"msg":${JSON.stringify(forged)},"msg_signature"`), '');
    expect(stringSmuggled.status).toBe(400);
    // A genuine push captured two days ago and sent again now.
    const old = msgOf(15_000, Date.now() - 2 * 86_400_000);
    const replayed = await post('/v1/webhooks/onenet', `{"msg":${old},"msg_signature":"${sign('n4', old)}","nonce":"n4"}`, '');
    expect(replayed.status).toBe(401);
    expect(replayed.body.error.code).toBe('webhook.replayed');
    await pushesSettled();
    expect((await get(`/v1/meters/${meter.id}`)).body).toMatchObject({ balanceFen: 0, lastReading: { value: 12_340 } });
  });
});

describe('supply control', () => {
  it('queues exactly one cut when the wallet drains, one restore after a recharge, and none with keep-on', async () => {
    const address = newAddress(12);
    const meter = await provision('electricity', 'ctwing', '1.00', address);
    await post(`/v1/admin/meters/${meter.id}/payments`, { amountFen: 100, method: 'cash' });
    const T = Date.parse('2026-11-21T08:00:00+08:00');
    await post('/v1/webhooks/ctwing?token=local-ctwing-token', ctwingPush(meter.deviceId, 1_000_000, T, address), '');
    await Promise.all(
      [1, 2, 3, 4].map((i) => post('/v1/webhooks/ctwing?token=local-ctwing-token', ctwingPush(meter.deviceId, 1_000_000 + i * 1_000, T + i * 3_600_000, address), '')),
    );
    await pushesSettled();
    let commands = (await get(`/v1/admin/meters/${meter.id}/commands`)).body.items;
    expect(commands.map((c: { action: string }) => c.action)).toEqual(['cut']);
    await post(`/v1/admin/meters/${meter.id}/payments`, { amountFen: 1000, method: 'cash' });
    commands = (await get(`/v1/admin/meters/${meter.id}/commands`)).body.items;
    expect(commands.map((c: { action: string; status: string }) => c.action)).toEqual(['restore', 'cut']);
    expect(commands[1].status).toBe('failed'); // superseded: never sent to a platform without credentials
  });

  it('does not cut a meter whose keep-on is set', async () => {
    const address = newAddress(12);
    const tariff = await post('/v1/admin/tariffs', { name: 't', utility: 'electricity', kind: 'flat', price: '1.00' });
    const id = unique('E');
    await post('/v1/admin/meters', { id, utility: 'electricity', protocol: 'dlt645', address, platform: 'ctwing', deviceId: `k-${id}`, tariffId: tariff.body.id, keepOn: true });
    const T = Date.parse('2026-11-21T08:00:00+08:00');
    await post('/v1/webhooks/ctwing?token=local-ctwing-token', ctwingPush(`k-${id}`, 1_000_000, T, address), '');
    await post('/v1/webhooks/ctwing?token=local-ctwing-token', ctwingPush(`k-${id}`, 1_010_000, T + 3_600_000, address), '');
    await pushesSettled();
    expect((await get(`/v1/meters/${id}`)).body.balanceFen).toBe(-1000);
    expect((await get(`/v1/admin/meters/${id}/commands`)).body.items).toEqual([]);
  });
});

describe('Huawei IoTDA forwarding with JSON properties', () => {
  it('bills property pushes by device id, answers 401 to a wrong token, and settles a command status', async () => {
    const tariff = await post('/v1/admin/tariffs', { name: 't', utility: 'electricity', kind: 'flat', price: '0.50' });
    const id = unique('E');
    const deviceId = `hw-${id}`;
    expect((await post('/v1/admin/meters', { id, utility: 'electricity', protocol: 'json', address: '1', platform: 'iotda', deviceId, tariffId: tariff.body.id })).status).toBe(201);
    const push = (totalEnergy: number, eventTime: string) => ({
      resource: 'device.property',
      event: 'report',
      event_time: eventTime,
      notify_data: {
        header: { device_id: deviceId, node_id: '860000000000777', product_id: 'p1', app_id: 'a1', gateway_id: deviceId },
        body: { services: [{ service_id: 'Meter', properties: { totalEnergy }, event_time: eventTime }] },
      },
    });
    expect((await post('/v1/webhooks/iotda?token=local-iotda-token', push(1234.56, '20261121T000000Z'), '')).status).toBe(200);
    expect(await outcome(id, 1_234_560)).toBe('reading:baseline');
    expect((await post('/v1/webhooks/iotda?token=nope', push(1240.56, '20261121T010000Z'), '')).status).toBe(401);
    expect((await post('/v1/webhooks/iotda?token=local-iotda-token', push(1240.56, '20261121T010000Z'), '')).status).toBe(200);
    expect(await outcome(id, 1_240_560)).toBe('reading:billed');
    // 6 kWh at 0.50 from a zero balance.
    expect((await get(`/v1/meters/${id}`)).body).toMatchObject({ balanceFen: -300, lastReading: { value: 1_240_560, unit: 'Wh', at: '2026-11-21T01:00:00.000Z' } });
    const status = await post('/v1/webhooks/iotda?token=local-iotda-token', { resource: 'device.command.status', event: 'update', notify_data: { header: { device_id: deviceId }, body: { command_id: 'unknown-cmd', status: 'SUCCESSFUL' } } }, '');
    expect(status.status).toBe(200);
    await pushesSettled();
  });
});
