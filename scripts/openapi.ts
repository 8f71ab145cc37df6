/**
 * Generates openapi.json from the API schemas (shared/src/api). `npm run
 * openapi` rewrites it; a unit test fails when the committed file drifts.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildOpenApi } from '../shared/src/api/openapi';
import { repoRoot } from './lib/here';

export { buildOpenApi };

export const OPENAPI_FILE = path.join(repoRoot, 'openapi.json');

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  writeFileSync(OPENAPI_FILE, `${JSON.stringify(buildOpenApi('0.1.0'), null, 2)}\n`);
  console.log(`wrote ${OPENAPI_FILE}`);
}
