import type { UserConfigExport } from '@tarojs/cli';

/** Development overrides (watch builds): nothing beyond the base config yet. */
export default {
  mini: {},
  h5: {},
} satisfies UserConfigExport<'vite'>;
