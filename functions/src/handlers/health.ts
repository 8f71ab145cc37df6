import { unavailable, type HealthResponse } from '@prepaid/shared';
import { declared, route } from '../http';

/** `GET /v1/health`: 200 once the table and its indexes are ACTIVE, 503 before. */
export const handler = route(declared('GET /v1/health'), async (_request, deps) => {
  if (!(await deps.store.isReady())) throw unavailable('service.starting', 'The table is not ready yet');
  const body: HealthResponse = {
    status: 'ok',
    version: deps.config.version,
    stage: deps.config.stage,
    time: deps.clock.now().toISOString(),
  };
  return { status: 200, body };
});
