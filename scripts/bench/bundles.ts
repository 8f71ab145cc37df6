import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { parse } from 'yaml';
import { repoRoot } from '../lib/here';

export interface BundleFigures {
  bundle_max_kb: number;
  import_max_ms: number;
  lines: string[];
}

/**
 * Each Lambda function of serverless.yml bundled as serverless-esbuild does
 * (its `custom.esbuild` options: minified, the AWS SDK left out as the
 * runtime ships it, the aliases), its size,
 * and the time a fresh Node process takes to import it (a cold start's share
 * that is ours). Bundles go to .cache/bench (git-ignored), inside the
 * repository so the SDK resolves from node_modules as it would in Lambda.
 */
export async function benchBundles(): Promise<BundleFigures> {
  const doc = parse(readFileSync(path.join(repoRoot, 'serverless.yml'), 'utf8')) as {
    functions: Record<string, { handler: string }>;
    custom: { esbuild: { minify?: boolean; target?: string; exclude?: string[]; alias?: Record<string, string> } };
  };
  const options = doc.custom.esbuild;
  const out = path.join(repoRoot, '.cache', 'bench', 'bundles');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const entries = new Map<string, string>();
  for (const { handler } of Object.values(doc.functions)) entries.set(handler.slice(0, handler.lastIndexOf('.')), handler.slice(handler.lastIndexOf('.') + 1));
  const sizes: { file: string; kb: number; importMs: number }[] = [];
  for (const [file] of entries) {
    const outfile = path.join(out, `${file.replace(/\//g, '_')}.js`);
    // The options serverless-esbuild is given (serverless.yml `custom.esbuild`), so the figures are the deployed bundles'.
    await build({
      entryPoints: [path.join(repoRoot, `${file}.ts`)],
      bundle: true,
      platform: 'node',
      target: options.target ?? 'node20',
      format: 'cjs',
      external: options.exclude ?? [],
      minify: options.minify ?? false,
      alias: Object.fromEntries(Object.entries(options.alias ?? {}).map(([name, to]) => [name, path.join(repoRoot, to)])),
      sourcemap: 'linked',
      outfile,
      logLevel: 'silent',
    });
    const kb = statSync(outfile).size / 1024;
    // A fresh process per bundle: the median of three imports, in ms.
    const times = [0, 1, 2].map(() => Number(execFileSync(process.execPath, ['-e', `const t=process.hrtime.bigint();require(${JSON.stringify(outfile)});console.log(Number(process.hrtime.bigint()-t)/1e6)`], { cwd: repoRoot, env: { ...process.env, LOG_LEVEL: 'silent' } }).toString().trim()));
    sizes.push({ file, kb, importMs: times.sort((a, b) => a - b)[1]! });
  }
  const biggest = [...sizes].sort((a, b) => b.kb - a.kb)[0]!;
  const slowest = [...sizes].sort((a, b) => b.importMs - a.importMs)[0]!;
  return {
    bundle_max_kb: Math.round(biggest.kb),
    import_max_ms: Math.round(slowest.importMs),
    lines: [
      `${sizes.length} Lambda bundles (AWS SDK excluded): largest ${biggest.file} ${Math.round(biggest.kb)} KB; slowest import ${slowest.file} ${Math.round(slowest.importMs)} ms (median of 3, fresh process)`,
    ],
  };
}
