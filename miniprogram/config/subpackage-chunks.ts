import path from 'node:path';
import type { GetModuleInfo, OutputOptions } from 'rollup';
import type { Plugin } from 'vite';

/**
 * Keeps modules that only subpackage pages use in their subpackage (weapp).
 *
 * Taro's webpack runner has `mini.optimizeMainPackage` for this; its Vite
 * runner (4.2.0, the one that works here) has none: its `manualChunks` puts
 * every npm module into `vendors.js` and every module shared by two pages
 * into `common.js`, both in the main package, so a chart library used only by
 * the usage charts would count against the main package's limit and load at
 * every start. This wraps Taro's `manualChunks`: a module whose every importer
 * leads only to pages of one subpackage goes to `<root>/vendors.js` (npm) or
 * `<root>/common.js` instead; anything the main package reaches is left to
 * Taro. A subpackage may require the main package, never the reverse, and
 * never another subpackage: this never moves a module somewhere a page that
 * needs it cannot reach.
 */
export function subpackageChunks(options: { sourceDir: string; roots: readonly string[] }): Plugin {
  const rootOf = (id: string): string | null => {
    const relative = path.relative(options.sourceDir, id.split('?')[0]!);
    const first = relative.split(path.sep)[0] ?? '';
    return options.roots.includes(first) ? first : null;
  };
  return {
    name: 'prepaid:subpackage-chunks',
    apply: 'build',
    outputOptions(output: OutputOptions) {
      const inner = output.manualChunks;
      if (typeof inner !== 'function') return null;
      const memo = new Map<string, string | null | 'main'>();
      /** The one subpackage every path from an entry to `id` starts in, 'main' when any starts elsewhere. */
      const ownerOf = (id: string, getModuleInfo: GetModuleInfo, visiting: Set<string>): string | null | 'main' => {
        const known = memo.get(id);
        if (known !== undefined) return known;
        if (visiting.has(id)) return null; // a cycle: decided by the other paths
        visiting.add(id);
        const info = getModuleInfo(id);
        const own = rootOf(id);
        let owner: string | null | 'main';
        if (own) {
          owner = own; // a file in a subpackage's folder belongs there
        } else if (!info || info.isEntry || info.importers.length + info.dynamicImporters.length === 0) {
          owner = 'main';
        } else {
          const owners = new Set([...info.importers, ...info.dynamicImporters].map((importer) => ownerOf(importer, getModuleInfo, visiting)));
          owners.delete(null);
          owner = owners.size === 1 ? [...owners][0]! : owners.size === 0 ? null : 'main';
        }
        visiting.delete(id);
        memo.set(id, owner);
        return owner;
      };
      return {
        ...output,
        manualChunks(id, api) {
          const taro = inner(id, api);
          if (taro !== 'vendors' && taro !== 'common') return taro;
          const owner = ownerOf(id, api.getModuleInfo, new Set());
          return owner && owner !== 'main' ? `${owner}/${taro}` : taro;
        },
      };
    },
  };
}
