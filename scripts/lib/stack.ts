import path from 'node:path';
import { startLocalApi, type LocalApi } from './api';
import { localDynamoClient, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { repoRoot } from './here';
import { freePort } from './ports';
import { seedDemoEstate, type DemoEstate } from './seed';
import { createTableFromServerlessYml } from './tables';
import { startWebServer, type WebServer } from './web';

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
}

export interface Stack {
  readonly apiUrl: string;
  readonly dynamodbEndpoint: string;
  readonly webUrl: string | undefined;
  readonly demo: DemoEstate | undefined;
  stop(): Promise<void>;
}

/**
 * Starts the whole local system in order: DynamoDB Local → table (from
 * serverless.yml) → optional demo data → API (serverless-offline) → optional
 * H5 server. On any failure, whatever already started is stopped again.
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
    const api: LocalApi = await startLocalApi({
      port: options.apiPort,
      lambdaPort: await freePort(),
      dynamodbEndpoint: dynamo.endpoint,
      env: options.apiEnv,
      echo: options.echo,
    });
    started.push(api);
    let web: WebServer | undefined;
    if (options.webPort !== undefined) {
      web = await startWebServer({ port: options.webPort, root: h5Dist(), apiUrl: api.url });
      started.push(web);
    }
    return { apiUrl: api.url, dynamodbEndpoint: dynamo.endpoint, webUrl: web?.url, demo, stop: stopAll };
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
