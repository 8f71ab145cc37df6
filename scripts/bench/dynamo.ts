import { inlineDepsReactions } from '../../functions/src/deps-inline';
import { performance } from 'node:perf_hooks';
import { PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { encodeDlt645Answer } from '@prepaid/shared';
import { loadConfig } from '../../functions/src/config';
import { createDeps, type Deps } from '../../functions/src/deps';
import { ctwing as ctwingWebhook } from '../../functions/src/handlers/webhooks';
import { createLogger } from '../../functions/src/platform';
import { ingestReading } from '../../functions/src/services/billing';
import { recordOfflinePayment } from '../../functions/src/services/payments';
import { createMeter, createTariff } from '../../functions/src/services/provisioning';
import { createRecharge, settlePaid } from '../../functions/src/services/recharges';
import { createStore, createTableRef, type TableRef } from '../../functions/src/store';
import { localDynamoClient, startDynamoDbLocal } from '../lib/dynamodb-local';
import { freePort } from '../lib/ports';
import { LOCAL_TABLE } from '../lib/stack';
import { createTableFromServerlessYml } from '../lib/tables';
import { secondsSince } from './measure';

/** Every HTTP request a DynamoDB client makes (retries included), and how many were TransactWriteItems. */
export interface RequestCounter {
  requests: number;
  transactWrites: number;
  /** Capacity units DynamoDB reports it consumed (ReturnConsumedCapacity: INDEXES), table and indexes: what on-demand bills as request units. */
  writeUnits: number;
  readUnits: number;
}

/** Operations that can report the capacity they consumed. */
const REPORTS_CAPACITY = /^(GetItem|PutItem|UpdateItem|DeleteItem|Query|Scan|BatchGetItem|BatchWriteItem|TransactWriteItems|TransactGetItems)Command$/;

interface Consumed {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/** Adds what one answer says it consumed: for writes every unit is a write unit, for reads a read unit (a transaction's or batch's per-table list, summed). */
function addConsumed(counter: RequestCounter, command: string, consumed: Consumed | Consumed[] | undefined): void {
  const isWrite = /Put|Update|Delete|TransactWrite|BatchWrite/.test(command);
  for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
    const units = c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0);
    if (isWrite) counter.writeUnits += units;
    else counter.readUnits += units;
  }
}

/** Dependencies over a table whose client counts its requests; reactions run inline (all a push or a recharge costs is counted). */
function countedDeps(endpoint: string, overrides: Partial<Deps> = {}): { table: TableRef; deps: Deps; counter: RequestCounter } {
  const table = createTableRef({ tableName: LOCAL_TABLE, region: 'local', endpoint });
  const counter: RequestCounter = { requests: 0, transactWrites: 0, writeUnits: 0, readUnits: 0 };
  table.raw.middlewareStack.add(
    (next, context) => async (args) => {
      counter.requests += 1;
      if (context.commandName === 'TransactWriteItemsCommand') counter.transactWrites += 1;
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low' },
  );
  table.raw.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? '';
      if (!REPORTS_CAPACITY.test(command)) return next(args);
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'INDEXES';
      const result = await next(args);
      addConsumed(counter, command, (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity);
      return result;
    },
    { step: 'initialize', priority: 'low' },
  );
  const config = loadConfig({ STAGE: 'local' });
  const deps = createDeps(config, { store: createStore(table), log: createLogger('silent'), reactions: inlineDepsReactions, ...overrides });
  return { table, deps, counter };
}

/** A CTWing dataReport carrying a DL/T 645 total-energy answer. */
function ctwingPush(deviceId: string, address: string, energyWh: number, timestamp: number): string {
  const frame = encodeDlt645Answer(address, { kind: 'energy', register: 'total', energyWh });
  return JSON.stringify({ messageType: 'dataReport', deviceId, timestamp, payload: { APPdata: Buffer.from(frame).toString('base64') } });
}

const pushEvent = (body: string) =>
  ({ routeKey: 'POST /v1/webhooks/ctwing', requestContext: { requestId: 'bench' }, headers: {}, queryStringParameters: { token: 'local-ctwing-token' }, body, isBase64Encoded: false }) as never;

export interface DynamoFigures {
  ingest_pushes_per_s: number;
  requests_per_push: number;
  transact_writes_per_push: number;
  floor_writes_per_s: number;
  ingest_vs_floor: number;
  /** The emulator's own ceiling for a push's shape (a Query and a five-item transaction), beside the bare PutItem floor. */
  push_shape_floor_per_s: number;
  ingest_vs_push_shape_floor: number;
  /** Write and read request units a push consumed (what on-demand bills; docs/scale.md computes its cost from these). */
  write_units_per_push: number;
  read_units_per_push: number;
  requests_per_recharge: number;
  wallet_contended_ops_per_s: number;
  lines: string[];
}

const admin = { kind: 'key', keyId: 'bench', roles: ['admin'] } as const;

/**
 * Against one embedded DynamoDB Local: CTWing pushes through the real
 * webhook handler in-process (8 meters in parallel, readings an hour apart,
 * each billing), the floor of bare PutItems on the same emulator, a WeChat
 * recharge settled end to end, and 200 concurrent operations on one wallet.
 */
export async function benchDynamo(): Promise<DynamoFigures> {
  const dynamo = await startDynamoDbLocal(await freePort());
  const lines: string[] = [];
  try {
    const client = localDynamoClient(dynamo.endpoint);
    await createTableFromServerlessYml(client, LOCAL_TABLE);
    client.destroy();
    const { table, deps, counter } = countedDeps(dynamo.endpoint);
    await createTariff(deps, { id: 'bench-flat', name: 'flat', utility: 'electricity', kind: 'flat', price: '0.4883' });

    // Pushes: one warm-up round (device lookups, tariff cache, the first baseline), then measured rounds.
    const meters = Array.from({ length: 8 }, (_, i) => ({ id: `P${i}`, address: `10000000000${i}`, deviceId: `ct-P${i}` }));
    // In a building, as every real meter is: each posting also adds to the building's day statistics.
    await deps.store.estate.putBuilding({ id: 'bench-b', name: 'bench', address: '—' });
    for (const meter of meters) {
      await createMeter(deps, { id: meter.id, utility: 'electricity', protocol: 'dlt645', address: meter.address, platform: 'ctwing', deviceId: meter.deviceId, tariffId: 'bench-flat', buildingId: 'bench-b', room: meter.id });
      await recordOfflinePayment(deps, admin, meter.id, { amountFen: 10_000_000, method: 'cash' }, undefined);
    }
    const handler = ctwingWebhook.withDeps(() => deps);
    const t0 = Date.now() - 30 * 86_400_000;
    const round = (r: number) => Promise.all(meters.map((meter) => handler(pushEvent(ctwingPush(meter.deviceId, meter.address, 1_000_000 + r * 500, t0 + r * 3_600_000))))); 
    await round(0);
    await round(1);
    const rounds = 60;
    Object.assign(counter, { requests: 0, transactWrites: 0, writeUnits: 0, readUnits: 0 });
    let start = performance.now();
    for (let r = 2; r < rounds + 2; r++) await round(r);
    let seconds = secondsSince(start);
    const pushes = rounds * meters.length;
    const ingest = pushes / seconds;
    const requestsPerPush = counter.requests / pushes;
    const transactPerPush = counter.transactWrites / pushes;
    const writeUnits = counter.writeUnits / pushes;
    const readUnits = counter.readUnits / pushes;
    lines.push(`CTWing pushes, in-process handler, 8 meters in parallel: ${pushes} in ${seconds.toFixed(2)} s = ${Math.round(ingest)}/s, ${requestsPerPush.toFixed(2)} requests and ${transactPerPush.toFixed(2)} TransactWriteItems per push, consuming ${writeUnits.toFixed(2)} write and ${readUnits.toFixed(2)} read units per push (as DynamoDB Local reports them)`);

    const writes = 2_000;
    start = performance.now();
    for (let batch = 0; batch < writes / 8; batch++) {
      await Promise.all(Array.from({ length: 8 }, (_, i) => table.doc.send(new PutCommand({ TableName: LOCAL_TABLE, Item: { PK: `FLOOR#${batch}`, SK: String(i), v: batch } }))));
    }
    seconds = secondsSince(start);
    const floor = writes / seconds;
    lines.push(`floor: bare PutItem, 8 in parallel, same emulator: ${writes} in ${seconds.toFixed(2)} s = ${Math.round(floor)}/s`);

    const shapeFloor = await benchPushShape(table);
    lines.push(`floor of the push's own shape (1 Query + 1 TransactWriteItems of 5 items, no code): ${Math.round(shapeFloor)}/s; the pushes ran at ${Math.round((100 * ingest) / shapeFloor)} % of it`);

    const perRecharge = await benchRecharges(dynamo.endpoint, lines);
    const contended = await benchContention(dynamo.endpoint, deps, lines);
    table.raw.destroy();
    return {
      ingest_pushes_per_s: Math.round(ingest),
      requests_per_push: round2(requestsPerPush),
      transact_writes_per_push: round2(transactPerPush),
      floor_writes_per_s: Math.round(floor),
      ingest_vs_floor: round2(ingest / floor),
      push_shape_floor_per_s: Math.round(shapeFloor),
      ingest_vs_push_shape_floor: round2(ingest / shapeFloor),
      write_units_per_push: round2(writeUnits),
      read_units_per_push: round2(readUnits),
      requests_per_recharge: round2(perRecharge),
      wallet_contended_ops_per_s: round2(contended),
      lines,
    };
  } finally {
    await dynamo.stop();
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The emulator's own rate for a push's shape with no code around it: one Query of a meter's state, one TransactWriteItems of five items. */
async function benchPushShape(table: TableRef): Promise<number> {
  const start = performance.now();
  const shapes = 480;
  for (let batch = 0; batch < shapes / 8; batch++) {
    await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const pk = `SHAPE#${i}`;
        await table.doc.send(new QueryCommand({ TableName: LOCAL_TABLE, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :s)', ExpressionAttributeValues: { ':pk': pk, ':s': 'STATE#' }, ConsistentRead: true }));
        await table.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: LOCAL_TABLE, Item: { PK: pk, SK: `READING#${batch}`, v: batch } } },
              { Put: { TableName: LOCAL_TABLE, Item: { PK: pk, SK: `LEDGER#${batch}`, v: batch } } },
              { Update: { TableName: LOCAL_TABLE, Key: { PK: pk, SK: 'STATE#WALLET' }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': batch } } },
              { Update: { TableName: LOCAL_TABLE, Key: { PK: pk, SK: 'USAGE#D' }, UpdateExpression: 'ADD q :q', ExpressionAttributeValues: { ':q': 1 } } },
              { Update: { TableName: LOCAL_TABLE, Key: { PK: pk, SK: 'USAGE#M' }, UpdateExpression: 'ADD q :q', ExpressionAttributeValues: { ':q': 1 } } },
            ],
          }),
        );
      }),
    );
  }
  return shapes / secondsSince(start);
}

/** A WeChat recharge from order to credit (prepay stubbed at the gateway: only DynamoDB is counted), with what the credit sets off. */
async function benchRecharges(endpoint: string, lines: string[]): Promise<number> {
  const merchant = { mchid: 'bench-mch', appid: 'wx-bench' };
  const payments = {
    merchant,
    prepayJsapi: async () => ({ prepayId: 'wx-bench', payParams: { appId: merchant.appid, timeStamp: '1', nonceStr: 'n', package: 'prepay_id=wx-bench', signType: 'RSA' as const, paySign: 's' } }),
  } as unknown as Deps['payments'];
  const { deps: base, counter } = countedDeps(endpoint, { payments });
  const deps = { ...base, config: { ...base.config, payments: { ...base.config.payments, mchid: merchant.mchid }, wechat: { ...base.config.wechat, appId: merchant.appid } } };
  await createMeter(deps, { id: 'R1', utility: 'electricity', protocol: 'dlt645', address: '1', platform: 'simulator', deviceId: 'r1', tariffId: 'bench-flat' });
  await deps.store.meters.bind('bench-tenant', 'R1', new Date().toISOString());
  const tenant = { kind: 'user', openid: 'bench-tenant', roles: ['tenant'] } as const;
  const n = 50;
  Object.assign(counter, { requests: 0, transactWrites: 0 });
  for (let i = 0; i < n; i++) {
    const order = await createRecharge(deps, tenant, { meterId: 'R1', amountFen: 1000 });
    await settlePaid(deps, { outTradeNo: order.outTradeNo, transactionId: `tx${i}`, amountFen: 1000, mchid: merchant.mchid, appid: merchant.appid, successTime: new Date().toISOString() });
  }
  const perRecharge = counter.requests / n;
  lines.push(`WeChat recharge, order to credit with what it sets off: ${perRecharge.toFixed(2)} requests per recharge`);
  return perRecharge;
}

/** 200 operations (readings, duplicates and payments) on one wallet at once, from four containers: every one must succeed. */
async function benchContention(endpoint: string, deps: Deps, lines: string[]): Promise<number> {
  await createMeter(deps, { id: 'C1', utility: 'electricity', protocol: 'dlt645', address: '1', platform: 'simulator', deviceId: 'c1', tariffId: 'bench-flat' });
  const containers = Array.from({ length: 4 }, () => countedDeps(endpoint).deps);
  const t0 = Date.now() - 10 * 86_400_000;
  const reading = (i: number) => ({ value: 1_000_000 + i * 500, unit: 'Wh' as const, at: new Date(t0 + i * 3_600_000), source: 'bench' });
  await ingestReading(deps, 'C1', reading(0));
  const operations = Array.from({ length: 200 }, (_, i) => {
    const on = containers[i % 4]!;
    return i % 2 === 0 ? () => ingestReading(on, 'C1', reading(1 + (i % 150))) : () => recordOfflinePayment(on, admin, 'C1', { amountFen: 100, method: 'bank_transfer', reference: `bench-c-${i}` }, undefined);
  });
  const start = performance.now();
  const outcomes = await Promise.allSettled(operations.map((operation) => operation()));
  const seconds = secondsSince(start);
  const failed = outcomes.filter((outcome) => outcome.status === 'rejected').length;
  if (failed > 0) throw new Error(`${failed} of 200 contended operations failed`);
  lines.push(`200 concurrent operations on one wallet from 4 containers, all succeeded: ${seconds.toFixed(2)} s = ${(200 / seconds).toFixed(1)} ops/s`);
  return 200 / seconds;
}
