// Lint for every workspace: typescript-eslint's recommended rules plus the
// house rules of ../shared/STYLE.md that a linter can check.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '.esbuild/**', '.esbuild-*/**', '.serverless/**', '.cache/**', 'bench/**', 'coverage/**', 'miniprogram/types/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
      'max-lines-per-function': ['warn', { max: 70, skipBlankLines: true, skipComments: true }],
      // Money is integer fen: parseFloat and toFixed are how floats sneak into amounts.
      'no-restricted-globals': ['error', { name: 'parseFloat', message: 'Money and quantities are integers: parse with the money module.' }],
      'no-restricted-properties': [
        'error',
        { object: 'Number', property: 'parseFloat', message: 'Money and quantities are integers.' },
        { property: 'toFixed', message: 'Format money with formatFenAsYuan, never toFixed.' },
      ],
    },
  },
  {
    files: ['miniprogram/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Benchmarks print seconds and ratios, never money.
    files: ['scripts/bench/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Serverless Framework plugins are CommonJS modules, loaded with require.
    files: ['deploy/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'tests/**/*.ts'],
    rules: { 'max-lines-per-function': 'off' },
  },
);
