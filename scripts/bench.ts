/**
 * `npm run bench`: throughput of the pure tariff engine and billing decision,
 * and the cost of a posted reading against a real DynamoDB Local (requests
 * per reading, readings per second, sequential and on one contended wallet).
 * Figures are for this machine; compare runs on the same machine only.
 */
import { performance } from 'node:perf_hooks';
import { benchCases, billReading, parseTariff, priceConsumption, type BillingState } from '@prepaid/shared';
import { loadConfig } from '../functions/src/config';
import { createDeps } from '../functions/src/deps';
import { createLogger } from '../functions/src/platform';
import { ingestReading } from '../functions/src/services/billing';
import { recordOfflinePayment } from '../functions/src/services/payments';
import { createMeter, createTariff } from '../functions/src/services/provisioning';
import { createStore, createTableRef } from '../functions/src/store';
import { localDynamoClient, startDynamoDbLocal } from './lib/dynamodb-local';
import { freePort } from './lib/ports';
import { LOCAL_TABLE } from './lib/stack';
import { createTableFromServerlessYml } from './lib/tables';

/** Runs `fn` repeatedly for about `ms` and returns calls per second. */
function throughput(fn: () => void, ms = 1000): number {
  for (let i = 0; i < 200; i++) fn(); // warm-up
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 100; i++) fn();
    calls += 100;
  }
  return Math.round((calls * 1000) / (performance.now() - start));
}

function benchEngine(): void {
  console.log('\n## Tariff engine (pure, one core)');
  for (const { name, tariff, input } of benchCases()) {
    console.log(`  priceConsumption ${name.padEnd(36)} ${throughput(() => priceConsumption(tariff, input)).toLocaleString('en')} charges/s`);
  }
  const flat = parseTariff({ name: 'flat', utility: 'electricity', kind: 'flat', price: '0.4883' });
  const timeline = [{ effectiveFrom: new Date('2000-01-01T00:00:00Z'), tariff: flat }];
  const state: BillingState = { lastReading: { value: 1_000_000, at: new Date('2026-11-01T00:00:00Z') }, remainderMicroFen: 0, cycle: null };
  const reading = { value: 1_000_500, at: new Date('2026-11-01T01:00:00Z') };
  const limits = { rolloverAtBaseUnits: 999_999_990, maxPlausiblePerHour: 13_200 };
  console.log(`  billReading (assess + price + carry), flat   ${throughput(() => billReading(state, reading, { limits, timeline })).toLocaleString('en')} readings/s`);
}

async function benchDynamo(): Promise<void> {
  const dynamo = await startDynamoDbLocal(await freePort());
  try {
    const client = localDynamoClient(dynamo.endpoint);
    await createTableFromServerlessYml(client, LOCAL_TABLE);
    client.destroy();
    const table = createTableRef({ tableName: LOCAL_TABLE, region: 'local', endpoint: dynamo.endpoint });
    let requests = 0;
    // Counts every HTTP request DynamoDB receives, retries included.
    table.raw.middlewareStack.add(
      (next) => async (args) => {
        requests += 1;
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low' },
    );
    const deps = createDeps(loadConfig({ STAGE: 'local' }), { store: createStore(table), log: createLogger('silent') });
    await createTariff(deps, { id: 'bench-flat', name: 'flat', utility: 'electricity', kind: 'flat', price: '0.4883' });
    const meter = (id: string) =>
      createMeter(deps, { id, utility: 'electricity', protocol: 'dlt645', address: '1', platform: 'simulator', deviceId: id, tariffId: 'bench-flat' });
    await meter('bench-1');
    await meter('bench-2');
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const post = (meterId: string, i: number) =>
      ingestReading(deps, meterId, { value: 1_000_000 + i * 500, unit: 'Wh', at: new Date(t0 + i * 3_600_000), source: 'bench' });

    console.log('\n## Posting readings into DynamoDB Local (embedded Java, same machine)');
    const n = 300;
    requests = 0;
    let start = performance.now();
    for (let i = 0; i < n; i++) await post('bench-1', i);
    let seconds = (performance.now() - start) / 1000;
    console.log(`  sequential, one meter:     ${n} readings in ${seconds.toFixed(2)} s = ${Math.round(n / seconds)} readings/s, ${(requests / n).toFixed(2)} DynamoDB requests per reading`);

    const concurrent = 200;
    requests = 0;
    start = performance.now();
    await Promise.all(Array.from({ length: concurrent }, (_, i) => (i % 2 === 0 ? post('bench-2', i) : recordOfflinePayment(deps, { kind: 'key', keyId: 'bench', roles: ['admin'] }, 'bench-2', { amountFen: 100, method: 'bank_transfer', reference: `b${i}` }, undefined))));
    seconds = (performance.now() - start) / 1000;
    console.log(`  200 concurrent ops on one wallet (readings + payments): ${seconds.toFixed(2)} s, ${(requests / concurrent).toFixed(2)} requests per op (optimistic retries included)`);
    table.raw.destroy();
  } finally {
    await dynamo.stop();
  }
}

async function main(): Promise<void> {
  console.log(`# npm run bench (${new Date().toISOString()}, node ${process.version})`);
  benchEngine();
  await benchDynamo();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
