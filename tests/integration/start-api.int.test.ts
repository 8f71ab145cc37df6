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

describe('npm run start:api', () => {
  it('starts on the ports it is given, answers health, and leaves nothing behind after SIGTERM', async () => {
    const [port, dynamoPort] = [await freePort(), await freePort()];
    const api = await startApiProcess(port, { DYNAMODB_PORT: String(dynamoPort) });
    try {
      expect((await fetch(`${api.url}/v1/health`)).status).toBe(200);
      expect(processesMentioning(`-port ${dynamoPort}`)).toHaveLength(1);
      const started = descendantsOf(api.pid);
      expect(started.length).toBeGreaterThanOrEqual(2); // at least java and serverless-offline
      api.kill('SIGTERM');
      expect(await api.exited).toBe(0);
      await expect(fetch(`${api.url}/v1/health`)).rejects.toThrow();
      await waitFor('DynamoDB Local to be gone', async () => processesMentioning(`-port ${dynamoPort}`).length === 0, 10_000);
      await waitFor('every child to be gone', async () => started.every((pid) => !alive(pid)), 10_000);
    } finally {
      api.kill('SIGTERM'); // a failed assertion must not leave the stack running
    }
  }, 120_000);

  it("keeps the caller's own WeChat Pay keys: a notification signed and encrypted with them credits the order", async () => {
    // Prepare: an operator's own key set, as a merchant downloads it from WeChat Pay.
    const dir = mkdtempSync(path.join(tmpdir(), 'own-wxpay-'));
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicKeyFile = path.join(dir, 'pub_key.pem');
    writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
    const own = { WECHATPAY_PUBLIC_KEY_ID: 'PUB_KEY_ID_0119000001092026120100000000000001', WECHATPAY_PUBLIC_KEY_FILE: publicKeyFile, WECHATPAY_APIV3_KEY: 'operators-own-apiv3-key-32-bytes' };
    const [port, dynamoPort] = [await freePort(), await freePort()];
    const api = await startApiProcess(port, { DYNAMODB_PORT: String(dynamoPort), BOOTSTRAP_ADMIN_KEY: 'own-keys-admin', ...own });
    try {
      const admin = 'own-keys-admin';
      const tariff = await call(api.url, '/v1/admin/tariffs', { token: admin, body: { name: 'flat', utility: 'electricity', kind: 'flat', price: '0.60' } });
      const meter = await call(api.url, '/v1/admin/meters', { token: admin, body: { id: 'OWN-1', utility: 'electricity', protocol: 'dlt645', address: '123456789012', platform: 'simulator', deviceId: 'own-1', tariffId: tariff.body.id } });
      expect(meter.status).toBe(201);
      const tenant = (await call(api.url, '/v1/auth/login', { body: { code: 'local:own-tenant' } })).body.token as string;
      await bindTenant(api.url, admin, tenant, 'OWN-1');
      const order = await call(api.url, '/v1/recharges', { token: tenant, body: { meterId: 'OWN-1', amountFen: 2500 } });
      expect(order.status).toBe(201);
      // Act: WeChat Pay (here: the operator's key) notifies the payment.
      const now = new Date();
      const { headers, body } = signNotification({
        privateKey, serial: own.WECHATPAY_PUBLIC_KEY_ID, apiV3Key: own.WECHATPAY_APIV3_KEY, now, eventType: 'TRANSACTION.SUCCESS',
        resource: {
          mchid: LOCAL_MERCHANT.mchid, appid: LOCAL_MERCHANT.appid, out_trade_no: order.body.outTradeNo, transaction_id: '4200000000202612010000000001',
          trade_type: 'JSAPI', trade_state: 'SUCCESS', trade_state_desc: '支付成功', bank_type: 'OTHERS', attach: 'OWN-1',
          success_time: formatBeijingTime(now), payer: { openid: 'own-tenant' }, amount: { total: 2500, payer_total: 2500, currency: 'CNY', payer_currency: 'CNY' },
        },
      });
      const answer = await fetch(`${api.url}/v1/webhooks/wechatpay`, { method: 'POST', headers, body });
      // Assess
      expect(answer.status, await answer.clone().text()).toBe(200);
      expect((await call(api.url, `/v1/recharges/${order.body.outTradeNo}`, { token: tenant })).body.status).toBe('paid');
      expect((await call(api.url, '/v1/meters/OWN-1', { token: tenant })).body.balanceFen).toBe(2500);
    } finally {
      api.kill('SIGTERM');
      await api.exited;
    }
  }, 120_000);
});
