import { containerDepsWithPayments, defaultDepsWithPayments } from '../deps-payments';
import { declared, route } from '../http';
import { assertDay, reconcileDay, yesterdayInBeijing } from '../services/reconciliation';
// A money path: traced end to end where tracing is on (serverless.yml tracing: Active).
import '../platform/tracer';

/** `POST /v1/admin/reconciliations` `{day}` → the day's mismatches between WeChat's bill and the ledger (admin: the bill is the whole merchant's). */
export const run = route(declared('POST /v1/admin/reconciliations'),
  async (request, deps) => ({ status: 200, body: await reconcileDay(deps, assertDay(request.body.day)) }),
  defaultDepsWithPayments,
);

/** Daily at 10:00 Beijing (WeChat's bills are ready after 9:00): reconcile yesterday. A failure is logged and fails the run (retried, then alarmed). */
export async function daily(): Promise<{ mismatches: number }> {
  const deps = await containerDepsWithPayments();
  try {
    const report = await reconcileDay(deps, yesterdayInBeijing(deps.clock.now()));
    deps.log.info({ day: report.day, mismatches: report.mismatches.length }, 'reconciliation done');
    return { mismatches: report.mismatches.length };
  } catch (error) {
    deps.log.error({ err: error }, 'reconciliation failed');
    throw error;
  }
}
