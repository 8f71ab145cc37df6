import { AcknowledgeAlarmRequest, MeterId, PageQuery } from '@prepaid/shared';
import * as z from 'zod';
import { route } from '../http';
import { evidenceOf } from '../services/alarms';
import { operatorOf } from '../services/payments';
import { keepInScope } from '../services/scope';

/** `GET /v1/admin/alarms` → open alarms of the caller's meters, newest first. */
export const list = route({ auth: ['manager', 'admin'], query: PageQuery }, async (request, deps) => {
  const { items, next } = await deps.store.alarms.listOpen(request.query);
  return { status: 200, body: { items: await keepInScope(deps.store, request.principal!, items, (alarm) => alarm.meterId), next } };
});

/** `POST /v1/admin/meters/{meterId}/alarms/{kind}/ack` → the alarm, closed by who acknowledged it. */
export const acknowledge = route(
  { auth: ['manager', 'admin'], params: z.object({ meterId: MeterId, kind: z.string().regex(/^[a-z_]{1,40}$/) }), body: AcknowledgeAlarmRequest },
  async (request, deps) => ({
    status: 200,
    body: await deps.store.alarms.close(request.params.meterId, request.params.kind, {
      status: 'acknowledged',
      at: deps.clock.now().toISOString(),
      by: operatorOf(request.principal!),
      ...(request.body.note ? { note: request.body.note } : {}),
      evidence: (alarm) => evidenceOf(alarm.kind, alarm.details),
    }),
  }),
);
