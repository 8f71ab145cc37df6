/**
 * `npm run start:api`: embedded DynamoDB Local + the API only, empty tables
 * (CONTRACT.md). Honours PORT and DYNAMODB_PORT; stops everything on SIGINT/SIGTERM.
 */
import { assertPortFree } from './lib/ports';
import { startStack, stopOnSignals } from './lib/stack';

async function main(): Promise<void> {
  const apiPort = Number(process.env.PORT ?? 3000);
  const dynamoPort = Number(process.env.DYNAMODB_PORT ?? 8000);
  await assertPortFree(apiPort, 'PORT');
  await assertPortFree(dynamoPort, 'DYNAMODB_PORT');
  const stack = await startStack({ apiPort, dynamoPort, seed: false, echo: process.env.ECHO_API_LOGS === '1' });
  stopOnSignals(stack);
  console.log(`API ready: ${stack.apiUrl}  (health: ${stack.apiUrl}/v1/health)`);
  console.log(`DynamoDB Local: ${stack.dynamodbEndpoint}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
