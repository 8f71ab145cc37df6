import path from 'node:path';
import { repoRoot } from './here';
import { startProcess, waitFor, type ManagedProcess } from './processes';

export interface LocalApi {
  readonly url: string;
  readonly process: ManagedProcess;
  stop(): Promise<void>;
}

export interface LocalApiOptions {
  readonly port: number;
  /** serverless-offline's own Lambda invoke port (must be free too). */
  readonly lambdaPort: number;
  readonly dynamodbEndpoint: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly echo?: boolean;
}

/**
 * Runs the real handlers of serverless.yml through serverless-offline (osls
 * CLI, bundled by serverless-esbuild) and waits until `/v1/health` is 200.
 */
export async function startLocalApi(options: LocalApiOptions): Promise<LocalApi> {
  const cli = path.join(repoRoot, 'node_modules', 'osls', 'bin', 'serverless.js');
  const proc = startProcess('api', process.execPath, [cli, 'offline', 'start', '--stage', 'local'], {
    cwd: repoRoot,
    echo: options.echo,
    env: {
      ...process.env,
      PORT: String(options.port),
      LAMBDA_PORT: String(options.lambdaPort),
      // Work after an answer goes to the react function through serverless-offline's Invoke API, as on AWS.
      LAMBDA_ENDPOINT: `http://127.0.0.1:${options.lambdaPort}`,
      DYNAMODB_ENDPOINT: options.dynamodbEndpoint,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_REGION: 'ap-east-1',
      SLS_TELEMETRY_DISABLED: '1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...options.env,
    },
  });
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await Promise.race([
      waitFor(`the API on ${url}`, async () => (await fetch(`${url}/v1/health`)).status === 200, 90_000, 300),
      proc.exited.then((code) => {
        throw new Error(`serverless offline exited with ${code}\n${proc.output()}`);
      }),
    ]);
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return { url, process: proc, stop: () => proc.stop() };
}
