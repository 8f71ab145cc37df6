import { describe, expect, inject, it } from 'vitest';
import { integrationDeps, unique } from '../support/deps';
import { meterRecord } from '../support/fixtures';
import { call } from '../support/http';
import { decodeQrPng } from '../support/qr';

const api = inject('apiUrl');
const admin = inject('adminKey');

async function newMeter(): Promise<string> {
  const tariff = await call(api, '/v1/admin/tariffs', { token: admin, body: { name: 'flat', utility: 'electricity', kind: 'flat', price: '0.60' } });
  const id = unique('B');
  expect((await call(api, '/v1/admin/meters', { token: admin, body: { id, utility: 'electricity', protocol: 'dlt645', address: '123456789012', platform: 'simulator', deviceId: `b-${id}`, tariffId: tariff.body.id } })).status).toBe(201);
  return id;
}
const tenant = async (): Promise<string> => (await call(api, '/v1/auth/login', { body: { code: `local:${unique('bt')}` } })).body.token as string;
const codeOf = async (meterId: string) => (await call(api, `/v1/admin/meters/${meterId}/binding-code`, { token: admin })).body as { scene: string; page: string };
const bind = (token: string, scene: string) => call(api, '/v1/bindings', { token, body: { scene } });

describe('binding codes (the QR code on a meter)', () => {
  it('gives a new meter an opaque code of 96 bits that binds the tenant who scans it, and no one else sees the meter', async () => {
    const meterId = await newMeter();
    const code = await codeOf(meterId);
    expect(code).toEqual({ scene: expect.stringMatching(/^q=[A-Za-z0-9_-]{16}$/), page: 'pages/home/index' });
    expect(code.scene).not.toContain(meterId);
    expect(await codeOf(meterId)).toEqual(code);

    const me = await tenant();
    expect(await bind(me, code.scene)).toMatchObject({ status: 201, body: { meterId } });
    expect((await call(api, '/v1/me/meters', { token: me })).body.items.map((m: { id: string }) => m.id)).toEqual([meterId]);
    const other = await tenant();
    expect((await call(api, `/v1/meters/${meterId}`, { token: other })).status).toBe(404);
  });

  it('refuses a bare meter id (400) and an unknown, malformed or rotated code alike (404)', async () => {
    const meterId = await newMeter();
    const me = await tenant();
    expect(await bind(me, `m=${meterId}`)).toMatchObject({ status: 400, body: { error: { code: 'binding.code_required' } } });
    for (const scene of ['q=AAAAAAAAAAAAAAAA', 'q=short', `x=${meterId}`, 'q=AAAAAAAAAAAAAAA!']) {
      expect(await bind(me, scene), scene).toMatchObject({ status: 404, body: { error: { code: 'binding.code_unknown' } } });
    }
    expect((await bind(me, 'q=' + 'A'.repeat(31))).status).toBe(400); // over WeChat's 32 characters

    const bound = await tenant();
    const old = await codeOf(meterId);
    expect((await bind(bound, old.scene)).status).toBe(201);
    const rotated = await call(api, `/v1/admin/meters/${meterId}/binding-code`, { token: admin, method: 'POST' });
    expect(rotated.status).toBe(200);
    expect(rotated.body.scene).not.toBe(old.scene);
    expect(await bind(await tenant(), old.scene)).toMatchObject({ status: 404, body: { error: { code: 'binding.code_unknown' } } });
    expect((await bind(await tenant(), rotated.body.scene)).status).toBe(201);
    // Rotating stopped the old sticker; it unbound no one.
    expect((await call(api, `/v1/meters/${meterId}`, { token: bound })).status).toBe(200);
  });

  it('refuses a user after 10 codes that matched nothing in ten minutes, even with a good code (429)', async () => {
    const meterId = await newMeter();
    const guesser = await tenant();
    for (let i = 0; i < 10; i++) expect((await bind(guesser, `q=${'G'.repeat(15)}${i}`)).status).toBe(404);
    expect(await bind(guesser, (await codeOf(meterId)).scene)).toMatchObject({ status: 429, body: { error: { code: 'binding.rate_limited' } } });
    expect((await bind(await tenant(), (await codeOf(meterId)).scene)).status).toBe(201);
  });

  it('prints the QR code as a PNG of the current scene (drawn locally, opening the H5 build); a rotation changes it', async () => {
    const meterId = await newMeter();
    const fetchPng = async (token: string, query = '') => {
      const response = await fetch(`${api}/v1/admin/meters/${meterId}/qrcode${query}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
    };
    const first = await fetchPng(admin);
    expect(first).toMatchObject({ status: 200, type: 'image/png' });
    const { scene } = await codeOf(meterId);
    expect(decodeQrPng(first.bytes)).toBe(`http://127.0.0.1:8080/#/pages/home/index?scene=${encodeURIComponent(scene)}`);
    expect((await call(api, `/v1/admin/meters/${meterId}/binding-code`, { token: admin, method: 'POST' })).status).toBe(200);
    const rotated = await fetchPng(admin, '?width=600');
    expect(decodeQrPng(rotated.bytes)).toBe(`http://127.0.0.1:8080/#/pages/home/index?scene=${encodeURIComponent((await codeOf(meterId)).scene)}`);
    expect(decodeQrPng(rotated.bytes)).not.toBe(decodeQrPng(first.bytes));
    expect((await fetchPng(admin, '?width=99')).status).toBe(400);
    expect((await fetchPng(await tenant())).status).toBe(403);
    expect((await call(api, '/v1/admin/meters/no-such-meter/qrcode', { token: admin })).status).toBe(404);
  });

  it('issues one code to a meter that had none, however many ask at once', async () => {
    const deps = integrationDeps();
    const id = unique('BS');
    await deps.store.meters.create(meterRecord(id, { deviceId: `bs-${id}` }));
    const codes = await Promise.all(Array.from({ length: 6 }, () => codeOf(id)));
    expect(new Set(codes.map((code) => code.scene)).size).toBe(1);
  });
});
