import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctwingDownlink, ctwingSignature, iotdaDownlink, onenetDownlink } from './downlink';

let server: Server;
let base = '';
const seen: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
let answer: { status: number; body: unknown } = { status: 200, body: { code: 0, msg: 'ok', result: { commandId: 'ct-777' } } };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const options = () => ({ apiBase: base, appKey: 'app-key', appSecret: 'app-secret', masterKey: 'master', productId: '15000001' });
const request = { platform: 'ctwing', deviceId: 'dev-1', imei: null, commandId: 'c1', payload: Uint8Array.of(0x68, 0x16), ttlSeconds: 3600 };

describe('ctwingDownlink', () => {
  it('posts the frame as a hex payload to the AEP command API, signed with HMAC-SHA1 over the documented text', async () => {
    const now = new Date('2026-11-21T08:00:00Z');
    const result = await ctwingDownlink(options(), () => now).send(request);
    expect(result).toEqual({ taskId: 'ct-777' });
    const call = seen.at(-1)!;
    expect(call.path).toBe('/aep_device_command/command');
    expect(JSON.parse(call.body)).toEqual({ productId: 15000001, deviceId: 'dev-1', operator: 'prepaid-platform', ttl: 3600, content: { dataType: 2, payload: '6816' } });
    expect(call.headers).toMatchObject({ application: 'app-key', timestamp: String(now.getTime()), masterkey: 'master' });
    // Recomputed independently from PROTOCOLS.md: application, timestamp, sorted params, body, each line ended by \n.
    const text = `application:app-key\ntimestamp:${now.getTime()}\nMasterKey:master\n${call.body}\n`;
    expect(call.headers.signature).toBe(createHmac('sha1', 'app-secret').update(text).digest('base64'));
  });

  it('sorts the signed parameters by name', () => {
    const a = ctwingSignature('k', 's', '1', { b: '2', a: '1' }, '{}');
    expect(a).toBe(createHmac('sha1', 's').update('application:k\ntimestamp:1\na:1\nb:2\n{}\n').digest('base64'));
  });

  it('turns a refusal or an unreachable gateway into typed errors', async () => {
    answer = { status: 200, body: { code: 1001, msg: 'device not found' } };
    await expect(ctwingDownlink(options(), () => new Date()).send(request)).rejects.toMatchObject({ code: 'downlink.rejected' });
    answer = { status: 500, body: {} };
    await expect(ctwingDownlink(options(), () => new Date()).send(request)).rejects.toMatchObject({ code: 'downlink.rejected' });
    await expect(ctwingDownlink({ ...options(), apiBase: 'http://127.0.0.1:1' }, () => new Date()).send(request)).rejects.toMatchObject({ code: 'downlink.unreachable' });
    await expect(ctwingDownlink({ apiBase: base }, () => new Date()).send(request)).rejects.toMatchObject({ code: 'downlink.not_configured' });
  });
});

describe('onenetDownlink', () => {
  it('posts a cached execute by IMEI with the frame as hex args, expiring in Beijing time', async () => {
    answer = { status: 200, body: { errno: 0, error: 'succ', data: { uuid: 'uuid-1' } } };
    const send = onenetDownlink({ apiBase: base, apiKey: 'master-key', resource: '3200/0/5750' }, () => new Date('2026-11-21T00:00:00Z'));
    await expect(send.send({ ...request, imei: '860000000000009' })).resolves.toEqual({ taskId: 'uuid-1' });
    const call = seen.at(-1)!;
    const url = new URL(call.path, base);
    expect(url.pathname).toBe('/nbiot/execute/offline');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ imei: '860000000000009', obj_id: '3200', obj_inst_id: '0', res_id: '5750', expired_time: '2026-11-21T09:00:00' });
    expect(call.headers['api-key']).toBe('master-key');
    expect(JSON.parse(call.body)).toEqual({ args: '6816' });
    await expect(send.send(request)).rejects.toMatchObject({ code: 'downlink.not_configured' });
  });
});

describe('iotdaDownlink', () => {
  it('posts a delayed async command with the frame as a hex parameter', async () => {
    answer = { status: 200, body: { device_id: 'dev-1', command_id: 'cmd-9' } };
    const send = iotdaDownlink({ apiBase: base, projectId: 'p1', authToken: 'tok', serviceId: 'Meter', commandName: 'Control' });
    await expect(send.send(request)).resolves.toEqual({ taskId: 'cmd-9' });
    const call = seen.at(-1)!;
    expect(call.path).toBe('/v5/iot/p1/devices/dev-1/async-commands');
    expect(call.headers['x-auth-token']).toBe('tok');
    expect(JSON.parse(call.body)).toEqual({ service_id: 'Meter', command_name: 'Control', paras: { payload: '6816' }, expire_time: 3600, send_strategy: 'delay' });
  });
});
