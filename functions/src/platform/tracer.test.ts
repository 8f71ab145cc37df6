import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const probe = fileURLToPath(new URL('./tracer-fixtures/probe.mts', import.meta.url));

/** What an X-Ray daemon stand-in received from a traced DynamoDB call, in a Lambda-like process with `env`. */
async function datagrams(env: Record<string, string>): Promise<string[]> {
  const lambda = {
    AWS_LAMBDA_FUNCTION_NAME: 'prepaid-meters-prod-createRecharge',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    LAMBDA_TASK_ROOT: '/var/task',
    AWS_REGION: 'ap-east-1',
    // The trace Lambda starts for an invocation of an actively traced function.
    _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
  };
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', probe], { env: { PATH: process.env.PATH, ...lambda, ...env }, timeout: 30_000 });
  return JSON.parse(stdout) as string[];
}

describe('tracing the money paths (Powertools Tracer, X-Ray)', () => {
  it('records a traced function’s AWS SDK calls as subsegments sent to the X-Ray daemon', async () => {
    const sent = await datagrams({ POWERTOOLS_TRACE_ENABLED: 'true' });
    const subsegments = sent.map((datagram) => JSON.parse(datagram.split('\n')[1]!) as { name: string; namespace: string; trace_id: string; aws: { operation: string } });
    expect(subsegments).toContainEqual(expect.objectContaining({ name: 'DynamoDB', namespace: 'aws', trace_id: '1-5759e988-bd862e3fe1be46a994272793', aws: expect.objectContaining({ operation: 'ListTables' }) }));
  }, 40_000);

  it('sends nothing from a function that is not traced', async () => {
    expect(await datagrams({ POWERTOOLS_TRACE_ENABLED: 'false' })).toEqual([]);
  }, 40_000);
});
