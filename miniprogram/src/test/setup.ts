import { afterEach, vi } from 'vitest';

// The files of this project share a worker's module graph (`isolate: false` in
// vitest.config.ts): Taro's H5 runtime and the React components, the slow part
// of a file's start (about 4 s each), are loaded once per worker. Our own
// modules hold state (the session, the API's bearer token, the language), so
// each file starts them afresh — before anything of ours is imported here.
vi.resetModules();
localStorage.clear();
sessionStorage.clear();
window.history.replaceState(null, '', '/');
const { cleanup } = await import('@testing-library/react');
const { queryClient } = await import('../data');
const { forgetSceneBindings } = await import('../binding');

// Unmount what each test rendered, so ids never collide across tests.
// And forget every cached answer, so no test sees another's.
afterEach(() => {
  cleanup();
  queryClient.clear();
  forgetSceneBindings();
});
