import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { forgetSceneBindings } from '../binding';
import { queryClient } from '../data';

// Unmount what each test rendered, so ids never collide across tests.
// And forget every cached answer, so no test sees another's.
afterEach(() => {
  cleanup();
  queryClient.clear();
  forgetSceneBindings();
});
