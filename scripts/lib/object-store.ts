import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { freePort } from './ports';

/** The local bucket exports are written to (EXPORT_BUCKET). */
export const LOCAL_EXPORT_BUCKET = 'prepaid-exports-local';

export interface LocalObjectStore {
  /** The S3 endpoint (path-style): S3_ENDPOINT. */
  readonly endpoint: string;
  readonly bucket: string;
  /** The variables that point the API at it. */
  readonly apiEnv: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

/**
 * An S3-compatible server in this process (s3rver), on 127.0.0.1 with a
 * fresh data directory and the exports bucket made: what S3 is to the
 * deployed API, for `npm start`, `start:api` and the tests. Its credentials
 * are s3rver's own (S3RVER/S3RVER, see the object-store adapter).
 */
export async function startLocalObjectStore(port = 0): Promise<LocalObjectStore> {
  const directory = mkdtempSync(path.join(tmpdir(), 'prepaid-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: port || (await freePort()), silent: true, directory, configureBuckets: [{ name: LOCAL_EXPORT_BUCKET, configs: [] }] });
  const { port: bound } = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${bound}`;
  return {
    endpoint,
    bucket: LOCAL_EXPORT_BUCKET,
    apiEnv: { S3_ENDPOINT: endpoint, EXPORT_BUCKET: LOCAL_EXPORT_BUCKET },
    async stop() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
