import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signNotification } from '../../functions/src/adapters/wechatpay/notification-sign';
import { formatBeijingTime } from '../../functions/src/platform/beijing-time';
import { freePort } from '../../scripts/lib/ports';
import { waitFor } from '../../scripts/lib/processes';
import { LOCAL_MERCHANT } from '../../scripts/wechatpay-sandbox';
import { bindTenant, call } from '../support/http';
import { startApiProcess } from '../support/start-api';

/** Pids of every process descended from `root`. */
function descendantsOf(root: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [pid, ppid] of rows) {
      if (ppid !== parent) continue;
      found.push(pid);
      walk(pid);
    }
  };
  walk(root);
  return found;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Command lines of every process still running that mention `needle`. */
function processesMentioning(needle: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(needle) && !line.includes('ps -eo'));
}

/** An operator's own WeChat Pay key set, as a merchant downloads it: the notification key pair, its id, an APIv3 key. */
function operatorsOwnKeys() {
  const dir = mkdtempSync(path.join(tmpdir(), 'own-wxpay-'));
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyFile = path.join(dir, 'pub_key.pem');
  writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  const env = { WECHATPAY_PUBLIC_KEY_ID: 'PUB_KEY_ID_0119000001092026120100000000000001', WECHATPAY_PUBLIC_KEY_FILE: publicKeyFile, WECHATPAY_APIV3_KEY: 'operators-own-apiv3-key-32-bytes' };
  return { privateKey, env };
}

/** A tenant's order of 25.00 yuan, notified as paid by WeChat Pay signed and encrypted with `own`: what the API answered and what it then shows. */
async function payWithOwnKeys(url: string, admin: string, own: ReturnType<typeof operatorsOwnKeys>) {
  const tariff = await call(url, '/v1/admin/tariffs', { token: admin, body: { name: 'flat', utility: 'electricity', kind: 'flat', price: '0.60' } });
  const meter = await call(url, '/v1/admin/meters', { token: admin, body: { id: 'OWN-1', utility: 'electricity', protocol: 'dlt645', address: '123456789012', platform: 'simulator', deviceId: 'own-1', tariffId: tariff.body.id } });
  expect(meter.status).toBe(201);
  const tenant = (await call(url, '/v1/auth/login', { body: { code: 'local:own-tenant' } })).body.token as string;
  await bindTenant(url, admin, tenant, 'OWN-1');
  const order = await call(url, '/v1/recharges', { token: tenant, body: { meterId: 'OWN-1', amountFen: 2500 } });
  expect(order.status).toBe(201);
  const now = new Date();
  const { headers, body } = signNotification({
    privateKey: own.privateKey, serial: own.env.WECHATPAY_PUBLIC_KEY_ID, apiV3Key: own.env.WECHATPAY_APIV3_KEY, now, eventType: 'TRANSACTION.SUCCESS',
    resource: {
      mchid: LOCAL_MERCHANT.mchid, appid: LOCAL_MERCHANT.appid, out_trade_no: order.body.outTradeNo, transaction_id: '4200000000202612010000000001',
      trade_type: 'JSAPI', trade_state: 'SUCCESS', trade_state_desc: '支付成功', bank_type: 'OTHERS', attach: 'OWN-1',
      success_time: formatBeijingTime(now), payer: { openid: 'own-tenant' }, amount: { total: 2500, payer_total: 2500, currency: 'CNY', payer_currency: 'CNY' },
    },
  });
  const answer = await fetch(`${url}/v1/webhooks/wechatpay`, { method: 'POST', headers, body });
  return {
    answer: { status: answer.status, text: await answer.text() },
    status: (await call(url, `/v1/recharges/${order.body.outTradeNo}`, { token: tenant })).body.status,
    balanceFen: (await call(url, '/v1/meters/OWN-1', { token: tenant })).body.balanceFen,
  };
}

/**
 * One start of the whole local stack (about 30 s on two cores), checked end
 * to end: the ports it is given, the caller's own WeChat Pay keys kept, and
 * nothing left behind after SIGTERM.
 */
describe('npm run start:api', () => {
  it("starts on the ports it is given, keeps the caller's own WeChat Pay keys (a notification signed and encrypted with them credits the order), and leaves nothing behind after SIGTERM", async () => {
    const own = operatorsOwnKeys();
    const admin = 'own-keys-admin';
    const [port, dynamoPort] = [await freePort(), await freePort()];
    const api = await startApiProcess(port, { DYNAMODB_PORT: String(dynamoPort), BOOTSTRAP_ADMIN_KEY: admin, ...own.env });
    try {
      expect((await fetch(`${api.url}/v1/health`)).status).toBe(200);
      expect(processesMentioning(`-port ${dynamoPort}`)).toHaveLength(1);
      const started = descendantsOf(api.pid);
      expect(started.length).toBeGreaterThanOrEqual(2); // at least java and serverless-offline

      const paid = await payWithOwnKeys(api.url, admin, own);
      expect(paid.answer.status, paid.answer.text).toBe(200);
      expect(paid).toMatchObject({ status: 'paid', balanceFen: 2500 });

      api.kill('SIGTERM');
      expect(await api.exited).toBe(0);
      await expect(fetch(`${api.url}/v1/health`)).rejects.toThrow();
      await waitFor('DynamoDB Local to be gone', async () => processesMentioning(`-port ${dynamoPort}`).length === 0, 10_000);
      await waitFor('every child to be gone', async () => started.every((pid) => !alive(pid)), 10_000);
    } finally {
      api.kill('SIGTERM'); // a failed assertion must not leave the stack running
    }
  }, 150_000);
});
