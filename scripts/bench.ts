/**
 * `npm run bench`: throughput of the pure tariff engine and billing decision,
 * and the cost of a posted reading against a real DynamoDB Local (requests
 * per reading, readings per second, sequential and on one contended wallet).
 * Figures are for this machine; compare runs on the same machine only.
 */
import { performance } from 'node:perf_hooks';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { benchCases, billReading, encodeDlt645Answer, parseTariff, priceConsumption, type BillingState } from '@prepaid/shared';
import { ctwing as ctwingWebhook } from '../functions/src/handlers/webhooks';
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

/** A table in a fresh DynamoDB Local and dependencies over it whose client counts every HTTP request, retries included. */
async function countedDeps(endpoint: string) {
  const client = localDynamoClient(endpoint);
  await createTableFromServerlessYml(client, LOCAL_TABLE);
  client.destroy();
  const table = createTableRef({ tableName: LOCAL_TABLE, region: 'local', endpoint });
  const counter = { requests: 0 };
  table.raw.middlewareStack.add(
    (next) => async (args) => {
      counter.requests += 1;
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low' },
  );
  const deps = createDeps(loadConfig({ STAGE: 'local' }), { store: createStore(table), log: createLogger('silent') });
  return { table, deps, counter };
}

async function benchDynamo(): Promise<void> {
  const dynamo = await startDynamoDbLocal(await freePort());
  try {
    const { table, deps, counter } = await countedDeps(dynamo.endpoint);
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
    counter.requests = 0;
    let start = performance.now();
    for (let i = 0; i < n; i++) await post('bench-1', i);
    let seconds = (performance.now() - start) / 1000;
    console.log(`  sequential, one meter:     ${n} readings in ${seconds.toFixed(2)} s = ${Math.round(n / seconds)} readings/s, ${(counter.requests / n).toFixed(2)} DynamoDB requests per reading`);

    const concurrent = 200;
    counter.requests = 0;
    start = performance.now();
    await Promise.all(Array.from({ length: concurrent }, (_, i) => (i % 2 === 0 ? post('bench-2', i) : recordOfflinePayment(deps, { kind: 'key', keyId: 'bench', roles: ['admin'] }, 'bench-2', { amountFen: 100, method: 'bank_transfer', reference: `b${i}` }, undefined))));
    seconds = (performance.now() - start) / 1000;
    console.log(`  200 concurrent ops on one wallet (readings + payments): ${seconds.toFixed(2)} s, ${(counter.requests / concurrent).toFixed(2)} requests per op (optimistic retries included)`);
    table.raw.destroy();
  } finally {
    await dynamo.stop();
  }
}

/** A CTWing dataReport carrying a DL/T 645 total-energy answer. */
function ctwingPush(deviceId: string, address: string, energyWh: number, timestamp: number): string {
  const frame = encodeDlt645Answer(address, { kind: 'energy', register: 'total', energyWh });
  return JSON.stringify({ messageType: 'dataReport', deviceId, timestamp, payload: { APPdata: Buffer.from(frame).toString('base64') } });
}

const pushEvent = (body: string) =>
  ({ routeKey: 'POST /v1/webhooks/ctwing', requestContext: { requestId: 'bench' }, headers: {}, queryStringParameters: { token: 'local-ctwing-token' }, body, isBase64Encoded: false }) as never;

/** Webhook → decode → reading → charge → supply rule → alarms, in-process and over HTTP, beside the floor of bare writes. */
async function benchPushes(): Promise<void> {
  const dynamoPort = await freePort();
  const dynamo = await startDynamoDbLocal(dynamoPort);
  try {
    const { table, deps, counter } = await countedDeps(dynamo.endpoint);
    await createTariff(deps, { id: 'bench-flat', name: 'flat', utility: 'electricity', kind: 'flat', price: '0.4883' });
    const meters = Array.from({ length: 8 }, (_, i) => ({ id: `P${i}`, address: `10000000000${i}`, deviceId: `ct-P${i}` }));
    for (const meter of meters) {
      await createMeter(deps, { id: meter.id, utility: 'electricity', protocol: 'dlt645', address: meter.address, platform: 'ctwing', deviceId: meter.deviceId, tariffId: 'bench-flat' });
      await recordOfflinePayment(deps, { kind: 'key', keyId: 'bench', roles: ['admin'] }, meter.id, { amountFen: 10_000_000, method: 'cash' }, undefined);
    }
    const handler = ctwingWebhook.withDeps(() => deps);
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const rounds = 40;
    console.log('\n## IoT pushes end to end (CTWing webhook → ledger), DynamoDB Local');
    counter.requests = 0;
    let start = performance.now();
    for (let round = 0; round < rounds; round++) {
      await Promise.all(meters.map((meter) => handler(pushEvent(ctwingPush(meter.deviceId, meter.address, 1_000_000 + round * 500, t0 + round * 3_600_000)))));
    }
    let seconds = (performance.now() - start) / 1000;
    const pushes = rounds * meters.length;
    console.log(`  in-process handler, 8 meters in parallel: ${pushes} pushes in ${seconds.toFixed(2)} s = ${Math.round(pushes / seconds)} pushes/s, ${(counter.requests / pushes).toFixed(1)} DynamoDB requests per push`);

    const writes = 2000;
    start = performance.now();
    for (let batch = 0; batch < writes / 8; batch++) {
      await Promise.all(Array.from({ length: 8 }, (_, i) => table.doc.send(new PutCommand({ TableName: LOCAL_TABLE, Item: { PK: `FLOOR#${batch}`, SK: String(i), v: batch } }))));
    }
    seconds = (performance.now() - start) / 1000;
    console.log(`  floor: bare PutItem, 8 in parallel:       ${writes} writes in ${seconds.toFixed(2)} s = ${Math.round(writes / seconds)} writes/s`);
    table.raw.destroy();
  } finally {
    await dynamo.stop();
  }
}

async function main(): Promise<void> {
  console.log(`# npm run bench (${new Date().toISOString()}, node ${process.version})`);
  benchEngine();
  await benchDynamo();
  await benchPushes();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
