import { PassThrough } from 'node:stream';
import type { Deps } from '../../deps';
import { unavailable } from './jobs';
import { sheetOf } from './sheets';
import { writeCsv, writeXlsx } from './writers';

/** A run that began this long ago and never finished has died (Lambda's limit is 15 minutes): another may take over. */
const STALE_MS = 20 * 60_000;
const CONTENT_TYPE = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/**
 * Writes an export's file (the export function, invoked asynchronously):
 * claims the job (one run at a time; a retry after a crash takes over once
 * the first run is stale), streams its rows through the CSV or XLSX writer
 * straight into an S3 multipart upload, and records rows and total — or the
 * failure. Safe to run twice: a finished job is left alone.
 */
export async function runExport(deps: Deps, id: string): Promise<void> {
  const job = await deps.store.exports.get(id);
  if (!job || job.status !== 'running') return;
  const now = deps.clock.now();
  const startedAt = now.toISOString();
  if (!(await deps.store.exports.claim(id, startedAt, new Date(now.getTime() - STALE_MS).toISOString()))) return;
  try {
    const objects = unavailable(deps);
    const objectKey = `exports/${job.createdAt.slice(0, 10)}/${job.id}.${job.format}`;
    const body = new PassThrough();
    const sheet = sheetOf(deps, job);
    const writing = (job.format === 'csv' ? writeCsv(sheet, body) : writeXlsx(sheet, body)).catch((error: unknown) => {
      body.destroy(error as Error); // the upload stops on it and fails too
      throw error;
    });
    const uploading = objects.upload(objectKey, body, { contentType: CONTENT_TYPE[job.format], fileName: job.fileName }).catch((error: unknown) => {
      body.destroy(error as Error); // the writer stops on it instead of waiting for room that never comes
      throw error;
    });
    const [written] = await Promise.all([writing, uploading]);
    await deps.store.exports.finish(id, startedAt, { status: 'done', objectKey, rows: written.rows, totalFen: written.totalFen, at: deps.clock.now().toISOString() });
    deps.log.info({ exportId: id, kind: job.kind, format: job.format, rows: written.rows }, 'export written');
  } catch (error) {
    deps.log.error({ err: error, exportId: id }, 'export failed');
    await deps.store.exports.finish(id, startedAt, { status: 'failed', error: 'The file could not be written; start the export again', at: deps.clock.now().toISOString() });
  }
}
