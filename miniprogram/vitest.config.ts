import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import { defineConfig, type Plugin } from 'vitest/config';

const TARO_DIST_FILE = /[\\/]node_modules[\\/]@tarojs[\\/][^?]*\.js$/;

/**
 * Taro's published packages carry source maps naming sources they do not ship, and
 * Vite warns once per file (~140 lines of noise). Loading those files without their
 * map comment keeps the test output about our code.
 */
const dropTaroSourceMaps: Plugin = {
  name: 'miniprogram:drop-taro-source-maps',
  enforce: 'pre',
  async load(id) {
    if (!TARO_DIST_FILE.test(id)) return null;
    const code = await readFile(id, 'utf8');
    return { code: code.replace(/^\/\/# sourceMappingURL=.*$/gm, ''), map: null };
  },
};

/**
 * Component tests run the H5 flavour of Taro in jsdom: `@tarojs/components` becomes
 * the React DOM components and `@tarojs/taro` the H5 API (see /work/shared/TOOLCHAIN.md),
 * through a shim that puts every API on the default export as weapp does.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [dropTaroSourceMaps],
  resolve: {
    alias: [
      { find: /^@tarojs\/components$/, replacement: '@tarojs/components-react' },
      { find: /^@tarojs\/taro$/, replacement: fileURLToPath(new URL('./src/test/taro-h5-shim.ts', import.meta.url)) },
    ],
  },
  define: {
    ENABLE_INNER_HTML: 'true',
    ENABLE_ADJACENT_HTML: 'true',
    ENABLE_SIZE_APIS: 'true',
    ENABLE_TEMPLATE_CONTENT: 'true',
    ENABLE_CLONE_NODE: 'true',
    ENABLE_CONTAINS: 'true',
    ENABLE_MUTATION_OBSERVER: 'true',
    DEPRECATED_ADAPTER_COMPONENT: 'false',
    'process.env.TARO_ENV': '"h5"',
    'process.env.TARO_PLATFORM': '"web"',
    'process.env.FRAMEWORK': '"react"',
  },
  test: {
    name: 'miniprogram',
    environment: 'jsdom',
    isolate: false,
    unstubEnvs: true,
    unstubGlobals: true,
    include: ['src/**/*.test.{ts,tsx}', 'config/**/*.test.ts'],
    setupFiles: ['./src/test/setup.ts'],
    server: { deps: { inline: [/@tarojs\//] } },
  },
});
