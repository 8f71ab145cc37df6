import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../scripts/lib/ports';
import { h5Dist, startStack } from '../../scripts/lib/stack';
import { TEST_ADMIN_KEY } from '../support/provided';

/** The whole local system as `npm start` runs it, on free ports. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(path.join(h5Dist(), 'index.html'))) {
    throw new Error('No H5 build: run `npm run build:h5` first (npm test does it before the e2e step).');
  }
  const stack = await startStack({
    apiPort: await freePort(),
    dynamoPort: await freePort(),
    webPort: await freePort(),
    seed: true,
    wechatPay: { port: 0 },
    apiEnv: { BOOTSTRAP_ADMIN_KEY: TEST_ADMIN_KEY, LOG_LEVEL: 'warn' },
  });
  project.provide('apiUrl', stack.apiUrl);
  project.provide('webUrl', stack.webUrl!);
  project.provide('dynamodbEndpoint', stack.dynamodbEndpoint);
  project.provide('adminKey', TEST_ADMIN_KEY);
  return () => stack.stop();
}
