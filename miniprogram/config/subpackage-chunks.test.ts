import path from 'node:path';
import type { ManualChunksOption, ModuleInfo, OutputOptions } from 'rollup';
import { describe, expect, it } from 'vitest';
import { subpackageChunks } from './subpackage-chunks';

const src = '/app/src';
const at = (file: string) => path.join(src, file);

/** A module graph: each module and who imports it. */
function graph(importers: Record<string, string[]>, entries: string[]) {
  return (id: string) =>
    (id in importers || entries.includes(id) ? { id, isEntry: entries.includes(id), importers: importers[id] ?? [], dynamicImporters: [] } : null) as ModuleInfo | null;
}

/** Taro's own rule, simplified: npm modules to vendors, modules of two importers to common. */
const taro: ManualChunksOption = (id, { getModuleInfo }) => (id.includes('node_modules') ? 'vendors' : (getModuleInfo(id)?.importers.length ?? 0) > 1 ? 'common' : null);

function chunksOf(importers: Record<string, string[]>, entries: string[]) {
  const plugin = subpackageChunks({ sourceDir: src, roots: ['package-usage', 'package-tenant'] });
  const output = (plugin.outputOptions as (o: OutputOptions) => OutputOptions).call({} as never, { manualChunks: taro });
  const manualChunks = output.manualChunks as Exclude<ManualChunksOption, Record<string, string[]>>;
  const getModuleInfo = graph(importers, entries);
  return (id: string) => manualChunks(id, { getModuleInfo, getModuleIds: () => [][Symbol.iterator]() });
}

describe('subpackageChunks', () => {
  const entries = [at('app.ts'), at('pages/home/index.tsx'), at('package-usage/charts/index.tsx'), at('package-usage/day/index.tsx'), at('package-tenant/recharge/index.tsx')];
  const chunk = chunksOf(
    {
      '/app/node_modules/echarts/index.js': [at('package-usage/chart.tsx')],
      [at('package-usage/chart.tsx')]: [at('package-usage/charts/index.tsx'), at('package-usage/day/index.tsx')],
      [at('format/money.ts')]: [at('pages/home/index.tsx'), at('package-usage/chart.tsx')],
      '/app/node_modules/react/index.js': [at('app.ts'), at('pages/home/index.tsx')],
      [at('usage-math.ts')]: [at('package-usage/chart.tsx'), at('package-usage/day/index.tsx')],
      '/app/node_modules/shared-lib/index.js': [at('package-usage/chart.tsx'), at('package-tenant/recharge/index.tsx')],
    },
    entries,
  );

  it("moves what only one subpackage's pages use into that subpackage", () => {
    expect(chunk('/app/node_modules/echarts/index.js')).toBe('package-usage/vendors');
    expect(chunk(at('package-usage/chart.tsx'))).toBe('package-usage/common');
    expect(chunk(at('usage-math.ts'))).toBe('package-usage/common');
  });

  it('leaves to Taro what the main package uses, or two subpackages share', () => {
    expect(chunk(at('format/money.ts'))).toBe('common');
    expect(chunk('/app/node_modules/react/index.js')).toBe('vendors');
    expect(chunk('/app/node_modules/shared-lib/index.js')).toBe('vendors');
  });
});
