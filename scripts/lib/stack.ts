import path from 'node:path';
import { startLocalApi, type LocalApi } from './api';
import { localDynamoClient, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { repoRoot } from './here';
import { startLocalObjectStore } from './object-store';
import { freePort } from './ports';
import { invokeFunction, startLocalPushQueue, startQueueConsumer, type LocalPushQueue } from './push-queue';
import { seedDemoEstate, type DemoEstate } from './seed';
import { createTableFromServerlessYml } from './tables';
import { startWebServer, type WebServer } from './web';
import { SIMULATOR_DEFAULTS, startSimulator, type Simulator, type SimulatorOptions } from '../simulator';
import { startGatewaySimulator } from '../simulator/gateway-sim';
import { startLocalWechatPay } from '../wechatpay-sandbox';
import { LOCAL_JOBS, startLocalScheduler } from './scheduler';

// Local runs use Node 20 (the SDK would warn once per process that it wants 22; Lambda runs nodejs22.x).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The local table name: serverless.yml's `prepaid-${sls:stage}` for stage `local`. */
export const LOCAL_TABLE = 'prepaid-local';

export interface StackOptions {
  readonly apiPort: number;
  readonly dynamoPort: number;
  /** Seed the demo estate (npm start) or leave the table empty (start:api, tests). */
  readonly seed: boolean;
  /** Serve the H5 build on this port, proxying /v1 to the API. */
  readonly webPort?: number;
  readonly apiEnv?: Readonly<Record<string, string>>;
  readonly echo?: boolean;
  /**
   * Run the meter simulator with the demo meters (none without `seed`), and
   * point the API's downlink at it. Port 0 picks a free one.
   */
  readonly simulator?: { port: number; speed: number } & Partial<Pick<SimulatorOptions, 'reportEveryMinutes' | 'seed' | 'log' | 'startAtMs'>>;
  /** Run the WeChat Pay sandbox (port 0: a free one) and point the API's gateway at it; the H5 server forwards /sandbox/* to it. */
  readonly wechatPay?: { port: number };
  /** Fire the API's scheduled functions (command dispatch, sweeps) as EventBridge would on AWS. */
  readonly scheduler?: boolean;
}

export interface Stack {
  readonly apiUrl: string;
  readonly dynamodbEndpoint: string;
  readonly webUrl: string | undefined;
  readonly demo: DemoEstate | undefined;
  readonly simulator: Simulator | undefined;
  readonly wechatPayUrl: string | undefined;
  /** The queue webhooks put pushes in (its consumer invokes the `ingest` function, as Lambda's event source would). */
  readonly pushQueue: LocalPushQueue;
  stop(): Promise<void>;
}

/**
 * Starts the whole local system in order: DynamoDB Local → table (from
 * serverless.yml) → optional demo data → push queue → API
 * (serverless-offline) → the queue's consumer → optional H5 server →
 * optional meter simulator. Parts stop in the reverse order; on
 * any failure, whatever already started is stopped again.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const part of started.reverse()) await part.stop().catch(() => undefined);
    started.length = 0;
  };
  try {
    const dynamo: DynamoDbLocal = await startDynamoDbLocal(options.dynamoPort, { echo: false });
    started.push(dynamo);
    const client = localDynamoClient(dynamo.endpoint);
    await createTableFromServerlessYml(client, LOCAL_TABLE);
    client.destroy();
    const demo = options.seed ? await seedDemoEstate(dynamo.endpoint, LOCAL_TABLE) : undefined;
    // The API learns where the simulator will listen before it starts; the simulator starts once the API is up.
    const simulatorPort = options.simulator ? options.simulator.port || (await freePort()) : undefined;
    const wechatPay = options.wechatPay
      ? await startLocalWechatPay({ port: options.wechatPay.port || (await freePort()), apiUrl: `http://127.0.0.1:${options.apiPort}`, env: { ...process.env, ...options.apiEnv } })
      : undefined;
    if (wechatPay) started.push(wechatPay.sandbox);
    const pushQueue = await startLocalPushQueue();
    started.push(pushQueue);
    const objects = await startLocalObjectStore();
    started.push(objects);
    const lambdaPort = await freePort();
    const api: LocalApi = await startLocalApi({
      port: options.apiPort,
      lambdaPort,
      dynamodbEndpoint: dynamo.endpoint,
      env: {
        ...(simulatorPort ? { SIMULATOR_URL: `http://127.0.0.1:${simulatorPort}` } : {}),
        PUSH_QUEUE_URL: pushQueue.url,
        SQS_ENDPOINT: pushQueue.endpoint,
        ...objects.apiEnv,
        ...wechatPay?.apiEnv,
        ...options.apiEnv,
      },
      echo: options.echo,
    });
    started.push(api);
    started.push(startQueueConsumer({ queue: pushQueue, deliver: invokeFunction(`http://127.0.0.1:${lambdaPort}`, 'prepaid-meters-local-ingest') }));
    if (options.scheduler) {
      const scheduler = startLocalScheduler({ lambdaUrl: `http://127.0.0.1:${lambdaPort}`, service: 'prepaid-meters', stage: 'local', jobs: LOCAL_JOBS });
      started.push({ stop: async () => scheduler.stop() });
    }
    let web: WebServer | undefined;
    if (options.webPort !== undefined) {
      web = await startWebServer({ port: options.webPort, root: h5Dist(), apiUrl: api.url, ...(wechatPay ? { sandboxUrl: wechatPay.sandbox.url } : {}) });
      started.push(web);
    }
    let simulator: Simulator | undefined;
    if (options.simulator && simulatorPort) {
      const env = { ...process.env, ...options.apiEnv };
      simulator = await startSimulator({
        ...options.simulator,
        apiUrl: api.url,
        port: simulatorPort,
        meters: demo?.simMeters ?? [],
        ...(demo && options.simulator.startAtMs === undefined ? { startAtMs: demo.simulatorStartAtMs } : {}),
        ...(env.CTWING_PUSH_TOKEN ? { ctwingToken: env.CTWING_PUSH_TOKEN } : {}),
        ...(env.ONENET_TOKEN ? { onenetToken: env.ONENET_TOKEN } : {}),
      });
      // Started last, so stopped first: no push lands on an API that is going away.
      started.push(simulator);
      if (demo && demo.gateways.length > 0) {
        const clockOf = simulator;
        const gateways = startGatewaySimulator({
          apiUrl: api.url,
          gateways: demo.gateways,
          now: () => clockOf.now().getTime(),
          reportEveryMs: (options.simulator.reportEveryMinutes ?? SIMULATOR_DEFAULTS.reportEveryMinutes) * 60_000,
          seed: options.simulator.seed ?? 1,
          log: options.simulator.log ?? (() => undefined),
        });
        started.push(gateways);
      }
    }
    return { apiUrl: api.url, dynamodbEndpoint: dynamo.endpoint, webUrl: web?.url, demo, simulator, wechatPayUrl: wechatPay?.sandbox.url, pushQueue, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export const h5Dist = (): string => path.join(repoRoot, 'miniprogram', 'dist', 'h5');

/** Stops `stack` on SIGINT/SIGTERM (Ctrl-C), then exits 0. */
export function stopOnSignals(stack: Stack): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the local stack…`);
    void stack.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
