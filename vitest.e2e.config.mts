import { defineConfig } from 'vitest/config';

/**
 * Browser end-to-end tests: the real local stack (DynamoDB Local, seeded demo
 * estate, API through serverless-offline, the H5 build served with /v1
 * proxied) opened in Debian's headless Chromium through playwright-core.
 */
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['tests/e2e/**/*.e2e.test.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    env: { LOG_LEVEL: 'silent', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
