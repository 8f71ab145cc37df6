import { randomBytes, randomUUID } from 'node:crypto';
import type { IdGenerator } from '@prepaid/shared';

export const randomIds: IdGenerator = { next: () => randomUUID() };

/** Ids `prefix-1`, `prefix-2`, …: predictable, for tests. */
export function sequentialIds(prefix = 'id'): IdGenerator {
  let n = 0;
  return { next: () => `${prefix}-${++n}` };
}

/** An unguessable bearer token: 32 random bytes, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}
