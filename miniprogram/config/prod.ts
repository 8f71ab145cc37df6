import type { UserConfigExport } from '@tarojs/cli';

/** Production overrides: the base config already minifies; kept for symmetry with dev. */
export default {
  mini: {},
  h5: {},
} satisfies UserConfigExport<'vite'>;
