import { createWechatPayGatewayFromConfig } from './adapters/wechatpay';
import { createDeps, defaultDeps, ensureSecrets, lazy, type Deps } from './deps';
import type { Config } from './config';
import { guarded } from './platform/access';

/**
 * Dependencies with WeChat Pay, for the functions that pay or refund
 * (recharges, the WeChat Pay webhook, refund decisions and sweeps,
 * reconciliation). Kept apart from `deps.ts` so the other functions' bundles
 * leave WeChat Pay's library (most of a bundle) out.
 */
export function withWechatPay(deps: Deps): Deps {
  const payments = lazy(() => createWechatPayGatewayFromConfig(deps.config.payments, { now: () => deps.clock.now() }));
  return { ...deps, payments: guarded(deps.config.access, 'secrets:wechatpay', 'pay or refund through WeChat Pay', payments) };
}

/** `createDeps` with WeChat Pay (unless `overrides` brings its own). */
export function createDepsWithPayments(config: Config, overrides: Parameters<typeof createDeps>[1] = {}): Deps {
  const deps = createDeps(config, overrides);
  return overrides.payments ? deps : withWechatPay(deps);
}

let cached: { base: Deps; deps: Deps } | undefined;

/** The container's dependencies with WeChat Pay, built on first use (again when the base was rebuilt: a secret rotated). */
export function defaultDepsWithPayments(): Deps {
  const base = defaultDeps();
  if (cached?.base !== base) cached = { base, deps: withWechatPay(base) };
  return cached.deps;
}

/** `defaultDepsWithPayments` once the container's secrets are read (or known current). */
export async function containerDepsWithPayments(): Promise<Deps> {
  await ensureSecrets();
  return defaultDepsWithPayments();
}
