import { defineConfig } from 'vitest/config';

/**
 * Test projects: `unit` (pure and in-process, no servers), `integration`
 * (a real DynamoDB Local and the real API through serverless-offline, started
 * once by the global setup) and `miniprogram` (components in jsdom).
 * The browser end-to-end suite has its own config: vitest.e2e.config.ts.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/src/**/*.test.ts', 'functions/src/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          // Files share a worker's modules (starting each file afresh cost a minute of CI); what a file stubs is undone after it.
          isolate: false,
          unstubEnvs: true,
          unstubGlobals: true,
          restoreMocks: true,
          env: { LOG_LEVEL: 'silent', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.int.test.ts', 'functions/src/**/*.int.test.ts'],
          globalSetup: ['tests/integration/global-setup.ts'],
          // One file at a time: the files share one API and DynamoDB Local on 2 cores, and the
          // contention test (200 operations on one wallet) must not compete with the simulator's pushes.
          fileParallelism: false,
          env: { LOG_LEVEL: 'silent', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      'miniprogram/vitest.config.ts',
    ],
  },
});
