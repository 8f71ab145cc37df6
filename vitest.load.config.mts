import { defineConfig } from 'vitest/config';

/** `npm run test:load`: the long load-and-fault run (tests/load), on the integration stack's DynamoDB Local. */
export default defineConfig({
  test: {
    name: 'load',
    include: ['tests/load/**/*.load.test.ts'],
    globalSetup: ['tests/integration/global-setup.ts'],
    env: { LOG_LEVEL: 'silent', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    testTimeout: 60 * 60_000,
    hookTimeout: 120_000,
  },
});
