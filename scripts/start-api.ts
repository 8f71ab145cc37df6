/**
 * `npm run start:api`: embedded DynamoDB Local + the API (+ the WeChat Pay
 * sandbox), empty tables (CONTRACT.md). Honours PORT and DYNAMODB_PORT; stops everything on SIGINT/SIGTERM.
 */
import { assertPortFree } from './lib/ports';
import { startStack, stopOnSignals } from './lib/stack';

async function main(): Promise<void> {
  const apiPort = Number(process.env.PORT ?? 3000);
  const dynamoPort = Number(process.env.DYNAMODB_PORT ?? 8000);
  await assertPortFree(apiPort, 'PORT');
  await assertPortFree(dynamoPort, 'DYNAMODB_PORT');
  const wechatPayPort = Number(process.env.WECHATPAY_SANDBOX_PORT ?? 0);
  const stack = await startStack({ apiPort, dynamoPort, seed: false, wechatPay: { port: wechatPayPort }, scheduler: true, echo: process.env.ECHO_API_LOGS === '1' });
  stopOnSignals(stack);
  console.log(`API ready: ${stack.apiUrl}  (health: ${stack.apiUrl}/v1/health)`);
  console.log(`DynamoDB Local: ${stack.dynamodbEndpoint}`);
  console.log(`WeChat Pay sandbox: ${stack.wechatPayUrl}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
