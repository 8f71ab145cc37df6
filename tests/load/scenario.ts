import { encodeDlt645Answer } from '@prepaid/shared';
import { sqsPushQueue } from '../../functions/src/adapters/push-queue';
import type { PaymentGateway } from '../../functions/src/adapters/wechatpay';
import type { Deps } from '../../functions/src/deps';
import { ingestBatch } from '../../functions/src/handlers/ingest';
import { ctwing as ctwingWebhook } from '../../functions/src/handlers/webhooks';
import { recordOfflinePayment } from '../../functions/src/services/payments';
import { createMeter, createTariff } from '../../functions/src/services/provisioning';
import { createRecharge, settlePaid, sweepPendingOrders } from '../../functions/src/services/recharges';
import { createStore, type LedgerEntry } from '../../functions/src/store';
import { startLocalPushQueue, startQueueConsumer } from '../../scripts/lib/push-queue';
import { wholeLedger } from '../support/ledger';
import { faultyTable, seeded, type FaultLog, type FaultRates } from './faults';

export interface LoadOptions {
  readonly meters: number;
  /** Readings per meter (an hour apart, each billing). */
  readonly readingsPerMeter: number;
  readonly recharges: number;
  readonly seed: number;
  readonly faults: FaultRates;
  /** Deliveries in flight at once. */
  readonly concurrency: number;
  /** How many times a platform (or WeChat) re-delivers a push (a notification) it got no 2xx for. 0: the retry is disabled. */
  readonly retries: number;
  /** Share of notifications WeChat never delivers (the order sweep must settle them). */
  readonly lostNotifications: number;
  /**
   * Through the push queue, as deployed: the webhook queues, the ingest
   * consumer bills (on the faulty table), and a push whose processing fails
   * comes back until it has been received `maxReceives` times (then it is
   * dead). Without it, pushes are billed before the webhook answers.
   */
  readonly queue?: { readonly maxReceives: number };
}

export interface LoadReport {
  readonly pushesSent: number;
  /** Pushes left in the queue's dead-letter queue (through the queue only). */
  readonly deadPushes: number;
  readonly deliveries: number;
  readonly faults: FaultLog;
  readonly violations: string[];
}

const T0 = Date.now() - 20 * 86_400_000;

/** A CTWing dataReport of a DL/T 645 total-energy answer, as the platform posts it. */
function pushEvent(deviceId: string, address: string, energyWh: number, timestamp: number) {
  const frame = encodeDlt645Answer(address, { kind: 'energy', register: 'total', energyWh });
  const body = JSON.stringify({ messageType: 'dataReport', deviceId, timestamp, payload: { APPdata: Buffer.from(frame).toString('base64') } });
  return { routeKey: 'POST /v1/webhooks/ctwing', requestContext: { requestId: 'load' }, headers: {}, queryStringParameters: { token: 'local-ctwing-token' }, body, isBase64Encoded: false } as never;
}

/** Runs `tasks` with at most `limit` in flight. */
async function pool(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, async () => {
    while (next < tasks.length) await tasks[next++]!();
  }));
}

/**
 * Pushes from many meters and recharges from their tenants, interleaved,
 * with duplicate and out-of-order deliveries, against the real handlers and
 * repositories on DynamoDB Local seen through a faulty network (see
 * `faultyTable`); the platforms and WeChat re-deliver what got no 2xx, the
 * order sweep settles lost notifications. Then every invariant is checked
 * by code and each violation reported.
 */
export async function runLoad(base: Deps, options: LoadOptions): Promise<LoadReport> {
  const random = seeded(options.seed);
  const faults: FaultLog = { throttled: 0, lostAnswers: 0, conflicts: 0 };
  const run = `L${options.seed.toString(36)}${Date.now().toString(36)}`;
  const wechat = new WechatStandIn();
  const faulty: Deps = { ...base, store: createStore(faultyTable(base.store.table, options.faults, random, faults)), payments: wechat.gateway(base) };
  const clean: Deps = { ...base, payments: faulty.payments };
  const settings = { ...clean, config: { ...clean.config, payments: { ...clean.config.payments, mchid: wechat.mchid }, wechat: { ...clean.config.wechat, appId: wechat.appid } } };
  const faultySettings: Deps = { ...faulty, config: settings.config };

  // The estate, set up without faults: a tariff, meters with a little credit each, their tenants.
  await createTariff(clean, { id: `${run}-flat`, name: 'flat', utility: 'electricity', kind: 'flat', price: '0.60' });
  const meters = Array.from({ length: options.meters }, (_, i) => ({ id: `${run}-${i}`, address: String(300_000_000_000 + i), deviceId: `${run}-d${i}`, openid: `${run}-t${i}` }));
  await pool(meters.map((meter) => async () => {
    await createMeter(clean, { id: meter.id, utility: 'electricity', protocol: 'dlt645', address: meter.address, platform: 'ctwing', deviceId: meter.deviceId, tariffId: `${run}-flat` });
    await recordOfflinePayment(clean, { kind: 'key', keyId: 'load', roles: ['admin'] }, meter.id, { amountFen: 500, method: 'cash' }, `${meter.id}-opening`);
    await clean.store.meters.bind(meter.openid, meter.id, new Date().toISOString());
  }), options.concurrency);

  // Through the queue: its own server and queue for this run, and the ingest consumer on the faulty table.
  const queue = options.queue
    ? await startLocalPushQueue({ name: `${run}.fifo`, visibilityTimeoutS: 1, maxReceiveCount: options.queue.maxReceives })
    : null;
  const consumer = queue ? startQueueConsumer({ queue, deliver: (event) => ingestBatch(faultySettings, event), log: () => undefined }) : null;
  const webhookDeps: Deps = queue ? { ...faultySettings, pushQueue: sqsPushQueue({ url: queue.url, region: 'ap-east-1', endpoint: queue.endpoint }) } : faultySettings;

  // The deliveries: each reading once, 10 % twice, 5 % swapped with the next one; recharges interleaved.
  const handler = ctwingWebhook.withDeps(() => webhookDeps);
  const sent = new Map<string, number[]>();
  const deliveries: (() => Promise<void>)[] = [];
  for (const meter of meters) {
    const values = [1_000_000];
    for (let h = 1; h < options.readingsPerMeter; h++) values.push(values[h - 1]! + 10 * (10 + Math.floor(random() * 90)));
    sent.set(meter.id, values);
    const order = values.map((_, h) => h);
    for (let h = 0; h + 1 < order.length; h++) if (random() < 0.05) [order[h], order[h + 1]] = [order[h + 1]!, order[h]!];
    for (const h of order) {
      const deliver = async () => {
        await retrying(options.retries, async () => ((await handler(pushEvent(meter.deviceId, meter.address, values[h]!, T0 + h * 3_600_000))).statusCode === 200 ? 'answered' : false));
      };
      deliveries.push(deliver);
      if (random() < 0.1) deliveries.push(deliver);
    }
  }
  const orders: { outTradeNo: string; meterId: string; amountFen: number }[] = [];
  for (let i = 0; i < options.recharges; i++) {
    const meter = meters[Math.floor(random() * meters.length)]!;
    const amountFen = 100 * (1 + Math.floor(random() * 50));
    const lost = random() < options.lostNotifications;
    deliveries.splice(Math.floor(random() * deliveries.length), 0, async () => {
      const order = await retrying(options.retries, () => createRecharge(faultySettings, { kind: 'user', openid: meter.openid, roles: ['tenant'] }, { meterId: meter.id, amountFen }).catch(() => false as const));
      if (!order) return;
      orders.push({ outTradeNo: order.outTradeNo, meterId: meter.id, amountFen });
      const paid = wechat.pay(order.outTradeNo, amountFen);
      if (lost) return; // WeChat never delivers this one: the sweep must find it
      await retrying(options.retries, () => settlePaid(faultySettings, paid).then(() => 'credited' as const, () => false as const));
    });
  }
  let deadPushes = 0;
  try {
    await pool(deliveries, options.concurrency);
    if (queue) deadPushes = await queue.drained(10 * 60_000);
  } finally {
    await consumer?.stop();
    await queue?.stop();
  }

  // Minutes later: the order sweep, as the schedule runs it, settles what no notification did.
  const later = { ...settings, clock: { now: () => new Date(Date.now() + 10 * 60_000) } };
  for (let sweep = 0; sweep < 20 && (await sweepPendingOrders(later, 500)).settled > 0; sweep++);
  const violations = await checkInvariants(clean, meters, sent, orders);
  if (deadPushes > 0) violations.push(`${deadPushes} push(es) dead-lettered: their processing failed every time the queue delivered them`);
  return { pushesSent: [...sent.values()].reduce((n, v) => n + v.length, 0), deadPushes, deliveries: deliveries.length, faults, violations };
}

/** Delivers until a 2xx (true), at most `retries` times more, as IoT platforms and WeChat do. */
async function retrying<T>(retries: number, attempt: () => Promise<T | false>): Promise<T | false> {
  for (let i = 0; ; i++) {
    const outcome = await attempt();
    if (outcome !== false || i >= retries) return outcome;
  }
}

/** WeChat Pay as far as this test needs it: orders prepaid, paid, and answered to the sweep's queries. */
class WechatStandIn {
  readonly mchid = 'load-mch';
  readonly appid = 'wx-load';
  private readonly paid = new Map<string, { transactionId: string; amountFen: number; successTime: string }>();

  pay(outTradeNo: string, amountFen: number) {
    const tx = { transactionId: `tx-${outTradeNo}`, amountFen, successTime: new Date().toISOString() };
    this.paid.set(outTradeNo, tx);
    return { outTradeNo, ...tx, mchid: this.mchid, appid: this.appid };
  }

  gateway(base: Deps): PaymentGateway {
    return {
      ...base.payments,
      merchant: { mchid: this.mchid, appid: this.appid },
      prepayJsapi: async () => ({ prepayId: 'wx-load', payParams: { appId: this.appid, timeStamp: '1', nonceStr: 'n', package: 'prepay_id=wx-load', signType: 'RSA', paySign: 's' } }),
      queryByOutTradeNo: async (outTradeNo: string) => {
        const tx = this.paid.get(outTradeNo);
        return { tradeState: tx ? 'SUCCESS' : 'NOTPAY', outTradeNo, mchid: this.mchid, appid: this.appid, transactionId: tx?.transactionId, amountFen: tx?.amountFen, successTime: tx?.successTime } as Awaited<ReturnType<PaymentGateway['queryByOutTradeNo']>>;
      },
      close: async () => undefined,
    } as PaymentGateway;
  }
}

/** Every invariant of the money and the meters, checked on the table as it ended; each violation described. */
async function checkInvariants(deps: Deps, meters: readonly { id: string }[], sent: ReadonlyMap<string, number[]>, orders: readonly { outTradeNo: string; meterId: string; amountFen: number }[]): Promise<string[]> {
  const violations: string[] = [];
  const paidByMeter = new Map<string, number>();
  for (const order of orders) {
    const stored = await deps.store.orders.get(order.outTradeNo);
    if (stored?.status !== 'paid') violations.push(`order ${order.outTradeNo} ended ${stored?.status ?? 'missing'}, not paid`);
    paidByMeter.set(order.meterId, (paidByMeter.get(order.meterId) ?? 0) + order.amountFen);
  }
  await pool(meters.map((meter) => async () => {
    const entries: LedgerEntry[] = await wholeLedger(deps, meter.id);
    const balance = (await deps.store.meters.getView(meter.id))?.balanceFen;
    const sum = entries.reduce((total, entry) => total + entry.amountFen, 0);
    if (sum !== balance) violations.push(`${meter.id}: balance ${balance} but its ledger sums to ${sum}`);
    const credits = entries.filter((e) => e.kind === 'recharge').reduce((total, e) => total + e.amountFen, 0);
    if (credits !== 500 + (paidByMeter.get(meter.id) ?? 0)) violations.push(`${meter.id}: credited ${credits} fen, paid ${500 + (paidByMeter.get(meter.id) ?? 0)}`);
    const charges = entries.filter((e) => e.kind === 'charge');
    const billedTwice = charges.length - new Set(charges.map((e) => e.readingAt)).size;
    if (billedTwice > 0) violations.push(`${meter.id}: ${billedTwice} reading(s) billed twice`);
    const readings = (await deps.store.readings.list(meter.id, { limit: 100 })).items;
    const values = sent.get(meter.id)!;
    const received = new Set(readings.map((r) => r.value));
    const lost = values.filter((v) => !received.has(v));
    if (lost.length > 0) violations.push(`${meter.id}: ${lost.length} reading(s) never arrived`);
    // Order does not change money: every reading takes its place, and the sorted stream is billed, at 0.60 yuan/kWh (6 fen per 100 Wh), ±1 fen.
    const unplaced = readings.filter((r) => r.status !== 'baseline' && r.status !== 'billed');
    if (unplaced.length > 0) violations.push(`${meter.id}: ${unplaced.length} reading(s) not placed in the history (${unplaced.map((r) => r.status).join(', ')})`);
    const exactFen = Math.floor(((Math.max(...values) - Math.min(...values)) * 6) / 100);
    const chargedFen = -charges.reduce((total, e) => total + e.amountFen, 0);
    if (Math.abs(chargedFen - exactFen) > 1) violations.push(`${meter.id}: charged ${chargedFen} fen for consumption worth ${exactFen}`);
    const commands = (await deps.store.commands.list(meter.id, { limit: 100 })).items;
    const active = commands.filter((c) => ['queued', 'sent', 'delivered'].includes(c.status) && (c.action === 'cut' || c.action === 'restore'));
    if (active.length > 1) violations.push(`${meter.id}: ${active.length} supply commands active at once`);
  }), 16);
  return violations;
}
