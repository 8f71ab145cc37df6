import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createSelfSignedCertificate } from '../../functions/src/adapters/wechatpay/self-signed-cert';
import { freePort } from '../../scripts/lib/ports';
import { LOCAL_TABLE, startStack } from '../../scripts/lib/stack';
import { startLocalWechatPay } from '../../scripts/wechatpay-sandbox';
import { TEST_ADMIN_KEY } from '../support/provided';
import { startSlowPlatform } from '../support/slow-platform';

/**
 * Starts one real DynamoDB Local, the WeChat Pay sandbox and the real API
 * (serverless-offline) on free ports for the whole integration run. Test files
 * run in parallel against it, so each test writes under its own keys.
 *
 * The API trusts two WeChat Pay keys at once, as during WeChat's migration:
 * the sandbox's public key (`PUB_KEY_ID_…`) and a platform certificate whose
 * private key the tests hold, so they can sign notifications of their own.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const apiPort = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'prepaid-wxpay-'));
  const wechatPay = await startLocalWechatPay({ port: await freePort(), apiUrl: `http://127.0.0.1:${apiPort}`, dir, keyMode: 'public_key' });
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cert = createSelfSignedCertificate({ privateKey, publicKey, commonName: 'Tenpay.com Root CA' });
  const certFile = path.join(dir, 'test-platform-cert.pem');
  writeFileSync(certFile, cert.pem);
  // Longer than WeChat Pay waits for an answer (5 s): work after a notification must not hold its answer.
  const platform = await startSlowPlatform(8_000);
  try {
    const stack = await startStack({
      apiPort,
      dynamoPort: await freePort(),
      seed: false,
      apiEnv: { ...wechatPay.apiEnv, WECHATPAY_PLATFORM_CERT_FILES: certFile, BOOTSTRAP_ADMIN_KEY: TEST_ADMIN_KEY, LOG_LEVEL: 'warn', SIMULATOR_URL: platform.url },
      echo: process.env.ECHO_API_LOGS === '1',
    });
    project.provide('apiUrl', stack.apiUrl);
    project.provide('dynamodbEndpoint', stack.dynamodbEndpoint);
    project.provide('tableName', LOCAL_TABLE);
    project.provide('adminKey', TEST_ADMIN_KEY);
    project.provide('platformUrl', platform.url);
    project.provide('pushQueue', { endpoint: stack.pushQueue.endpoint, url: stack.pushQueue.url, deadLetterUrl: stack.pushQueue.deadLetterUrl });
    project.provide('wechatPayEnv', { ...wechatPay.apiEnv, WECHATPAY_PLATFORM_CERT_FILES: certFile });
    project.provide('wechatPay', {
      sandboxUrl: wechatPay.sandbox.url,
      mchid: wechatPay.apiEnv.WECHATPAY_MCHID!,
      appid: wechatPay.apiEnv.WECHAT_APPID!,
      apiV3Key: wechatPay.apiEnv.WECHATPAY_APIV3_KEY!,
      certSerial: cert.serialHex.toUpperCase(),
      certPrivateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    return async () => {
      await stack.stop();
      await wechatPay.sandbox.stop();
      await platform.stop();
    };
  } catch (error) {
    await wechatPay.sandbox.stop();
    await platform.stop();
    throw error;
  }
}
