import { containerDeps } from '../deps';
import { runExport } from '../services/exports/run';

/**
 * The export function (its own bundle: the XLSX writer and the S3 upload are
 * most of it, and no request waits on it).
 * Invoked asynchronously with `{kind: 'export', exportId}`.
 */
export async function work(event: { kind?: unknown; exportId?: unknown }): Promise<void> {
  if (event.kind !== 'export' || typeof event.exportId !== 'string') throw new Error('the export function takes {kind: "export", exportId}');
  await runExport(await containerDeps(), event.exportId);
}
