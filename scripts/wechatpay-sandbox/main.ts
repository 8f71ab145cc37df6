/**
 * The WeChat Pay sandbox on its own, for working on the payment flow by hand:
 *   npx tsx scripts/wechatpay-sandbox/main.ts
 * WECHATPAY_SANDBOX_PORT (3200), API_URL (http://127.0.0.1:3000) where
 * notifications go, WECHATPAY_KEY_MODE (public_key | platform_cert | both).
 * Prints the environment to start the API with; stops on Ctrl-C.
 */
import { startLocalWechatPay } from './local';
import type { SandboxKeyMode } from './keys';

async function main(): Promise<void> {
  const { sandbox, apiEnv } = await startLocalWechatPay({
    port: Number(process.env.WECHATPAY_SANDBOX_PORT ?? 3200),
    apiUrl: process.env.API_URL ?? 'http://127.0.0.1:3000',
    keyMode: (process.env.WECHATPAY_KEY_MODE as SandboxKeyMode | undefined) ?? 'public_key',
    log: (line) => console.log(`[wechatpay-sandbox] ${line}`),
  });
  console.log(`WeChat Pay sandbox on ${sandbox.url}; pay an order with POST ${sandbox.url}/sandbox/pay/<outTradeNo>`);
  console.log('API environment:');
  for (const [name, value] of Object.entries(apiEnv)) console.log(`  ${name}=${value}`);
  const stop = () => void sandbox.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
