import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createDeps } from '../deps';
import { createLogger, fixedClock } from '../platform';
import type { Store } from '../store';
import { authenticate, sameSecret } from './auth';

const noStore = new Proxy({}, { get: (_t, name) => { throw new Error(`store.${String(name)} used`); } }) as Store;
const deps = createDeps(loadConfig({ STAGE: 'test', BOOTSTRAP_ADMIN_KEY: 'admin-key-123' }), {
  store: noStore,
  clock: fixedClock(new Date('2026-01-01T00:00:00Z')),
  log: createLogger('silent'),
});

describe('authenticate', () => {
  it('gives the bootstrap key the admin role without a database lookup', async () => {
    await expect(authenticate(deps, 'Bearer admin-key-123')).resolves.toEqual({ kind: 'key', keyId: 'bootstrap', roles: ['admin'] });
  });

  it.each([undefined, '', 'admin-key-123', 'Basic admin-key-123', 'Bearer '])('answers 401 to the header %j', async (header) => {
    await expect(authenticate(deps, header)).rejects.toMatchObject({ status: 401, code: 'auth.unauthorized' });
  });
});

describe('sameSecret', () => {
  it('compares secrets of any length exactly', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('abc', 'abcd')).toBe(false);
    expect(sameSecret('', 'x')).toBe(false);
  });
});
