import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root. Scripts run as CommonJS under tsx (where `__dirname`
 * exists) and as ES modules under vitest (where only `import.meta.url` does).
 */
export const repoRoot: string =
  typeof __dirname === 'string' ? path.resolve(__dirname, '..', '..') : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
