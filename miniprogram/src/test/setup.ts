import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// Unmount what each test rendered, so ids never collide across tests.
afterEach(() => {
  cleanup();
});
