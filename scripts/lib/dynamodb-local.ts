import { createRequire } from 'node:module';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { repoRoot } from './here';
import { startProcess, waitFor, type ManagedProcess } from './processes';

const require = createRequire(path.join(repoRoot, 'package.json'));

/** The folder of AWS's DynamoDB Local jar, shipped inside `amplify-dynamodb-simulator`. */
export function dynamoDbLocalDir(): string {
  return path.join(path.dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly process: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local in memory on `port` and waits until it answers.
 * JVM flags from TOOLCHAIN.md: serial GC and C1 only start it in ~1.3 s on 2 cores.
 */
export async function startDynamoDbLocal(port: number, options: { echo?: boolean } = {}): Promise<DynamoDbLocal> {
  const dir = dynamoDbLocalDir();
  const proc = startProcess(
    'dynamodb',
    'java',
    [
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-Xmx512m',
      `-Djava.library.path=${path.join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      path.join(dir, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { cwd: dir, echo: options.echo },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoClient(endpoint);
  try {
    await Promise.race([
      waitFor(`DynamoDB Local on ${endpoint}`, async () => (await client.send(new ListTablesCommand({})), true), 30_000),
      proc.exited.then((code) => {
        throw new Error(`DynamoDB Local exited with ${code} (is Java 17 installed?)\n${proc.output()}`);
      }),
    ]);
  } catch (error) {
    await proc.stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, process: proc, stop: () => proc.stop() };
}

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}
