import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';
import { subpackageChunks } from './subpackage-chunks';

/** Where the weapp build sends API calls unless TARO_APP_API_BASE is set when building. */
const DEFAULT_API_BASE = 'http://127.0.0.1:3000';

/**
 * Tells Rollup that the modules of the workspace package `@prepaid/shared` have no
 * top-level side effects. The mini-program uses only its types and the money
 * formatter; without this, the zod schemas (and zod) land in the bundle, because
 * shared/package.json declares no `sideEffects`. A transform result is used because
 * Vite's resolver sets an explicit `moduleSideEffects` that would override
 * `build.rollupOptions.treeshake`.
 */
const SHARED_SOURCE_DIR = path.resolve(process.cwd(), '..', 'shared', 'src') + path.sep;

const sharedTreeShaking = {
  name: 'prepaid:shared-tree-shaking',
  transform(code: string, id: string) {
    if (!id.startsWith(SHARED_SOURCE_DIR)) return null;
    return { code, map: null, moduleSideEffects: false };
  },
};

/**
 * npm keeps @tarojs/plugin-framework-react in miniprogram/node_modules (its vite 4 peer
 * clashes with vitest's vite at the root), where the hoisted @tarojs/plugin-platform-h5
 * cannot see it. Resolving it from here works wherever npm puts it.
 */
const FRAMEWORK_REACT_DIR = path.dirname(
  createRequire(path.join(process.cwd(), 'package.json')).resolve('@tarojs/plugin-framework-react/package.json'),
);

const SOURCE_DIR = path.resolve(process.cwd(), 'src');
/**
 * The subpackage roots: the `package-*` folders of src/ (src/routes/registry.ts
 * names them; Taro's config loader cannot import that TypeScript module here).
 */
const SUBPACKAGE_ROOTS = readdirSync(SOURCE_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name.startsWith('package-'))
  .map((entry) => entry.name);

/** Taro build configuration: weapp into dist/weapp, H5 (hash router) into dist/h5. */
export default defineConfig<'vite'>((merge) => {
  const taroEnv = process.env.TARO_ENV ?? 'weapp';
  const baseConfig: UserConfigExport<'vite'> = {
    projectName: 'prepaid-meters',
    date: '2025-11-21',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    alias: { '@tarojs/plugin-framework-react': FRAMEWORK_REACT_DIR },
    outputRoot: `dist/${taroEnv}`,
    plugins: [],
    env: {
      TARO_APP_API_BASE: JSON.stringify(process.env.TARO_APP_API_BASE ?? DEFAULT_API_BASE),
    },
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: {
      type: 'vite',
      // weapp: what only a subpackage's pages use stays in that subpackage (see subpackage-chunks.ts); H5 loads pages on demand anyway.
      vitePlugins: taroEnv === 'h5' ? [sharedTreeShaking] : [sharedTreeShaking, subpackageChunks({ sourceDir: SOURCE_DIR, roots: SUBPACKAGE_ROOTS })],
    },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: './',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  };
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
