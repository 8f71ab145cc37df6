import type { TestProject } from 'vitest/node';
import { freePort } from '../../scripts/lib/ports';
import { LOCAL_TABLE, startStack } from '../../scripts/lib/stack';
import { TEST_ADMIN_KEY } from '../support/provided';

/**
 * Starts one real DynamoDB Local and the real API (serverless-offline) on free
 * ports for the whole integration run. Test files run in parallel against it,
 * so each test writes under its own keys.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startStack({
    apiPort: await freePort(),
    dynamoPort: await freePort(),
    seed: false,
    apiEnv: { BOOTSTRAP_ADMIN_KEY: TEST_ADMIN_KEY, LOG_LEVEL: 'warn' },
  });
  project.provide('apiUrl', stack.apiUrl);
  project.provide('dynamodbEndpoint', stack.dynamodbEndpoint);
  project.provide('tableName', LOCAL_TABLE);
  project.provide('adminKey', TEST_ADMIN_KEY);
  return () => stack.stop();
}
