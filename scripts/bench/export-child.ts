/**
 * One export run in a process of its own (`npm run bench` starts it), so its
 * peak memory is the export's alone: prints `{"seconds","rows","maxRssMb"}`.
 * Arguments: the DynamoDB endpoint, the S3 endpoint and bucket, the export id.
 */
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../functions/src/config';
import { createDeps } from '../../functions/src/deps';
import { createLogger } from '../../functions/src/platform';
import { runExport } from '../../functions/src/services/exports/run';
import { createStore, createTableRef } from '../../functions/src/store';
import { LOCAL_TABLE } from '../lib/stack';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<void> {
  const [dynamodbEndpoint, s3Endpoint, bucket, exportId] = process.argv.slice(2) as [string, string, string, string];
  const config = loadConfig({ STAGE: 'local', EXPORT_BUCKET: bucket, S3_ENDPOINT: s3Endpoint });
  const deps = createDeps(config, { store: createStore(createTableRef({ tableName: LOCAL_TABLE, region: 'local', endpoint: dynamodbEndpoint })), log: createLogger('silent') });
  const start = performance.now();
  await runExport(deps, exportId);
  const seconds = (performance.now() - start) / 1000;
  const job = await deps.store.exports.get(exportId);
  console.log(JSON.stringify({ seconds, rows: job?.rows ?? 0, status: job?.status, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
