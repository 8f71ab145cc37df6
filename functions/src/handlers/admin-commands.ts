import { ManualCommandRequest, MeterId, notFound, PageQuery, type CommandView } from '@prepaid/shared';
import { z } from 'zod';
import { route } from '../http';
import { dispatchCommand, queueCommand } from '../services/commands';
import { operatorOf } from '../services/payments';
import type { StoredCommand } from '../store';

const MeterParams = z.object({ meterId: MeterId });

const toView = ({ meterId: _meterId, nextAttemptAt: _next, platformTaskId: _task, detail: _detail, ...view }: StoredCommand): CommandView => view;

/** `GET /v1/admin/meters/{meterId}/commands` → the meter's commands, newest first, with their history. */
export const list = route({ auth: ['manager', 'admin'], params: MeterParams, query: PageQuery }, async (request, deps) => {
  if (!(await deps.store.meters.get(request.params.meterId))) throw notFound('meter.not_found', `No meter "${request.params.meterId}"`);
  const page = await deps.store.commands.list(request.params.meterId, request.query);
  return { status: 200, body: { items: page.items.map(toView), next: page.next } };
});

/** `POST /v1/admin/meters/{meterId}/commands` → 201 the queued command (200 with `queued: false` when the same one is pending). */
export const send = route({ auth: ['manager', 'admin'], params: MeterParams, body: ManualCommandRequest }, async (request, deps) => {
  const meter = await deps.store.meters.get(request.params.meterId);
  if (!meter) throw notFound('meter.not_found', `No meter "${request.params.meterId}"`);
  const queued = await queueCommand(deps, meter, request.body.action, operatorOf(request.principal!), request.body.reason);
  if (!queued) return { status: 200, body: { queued: false, reason: 'the same command is already pending' } };
  const sent = await dispatchCommand(deps, queued);
  return { status: 201, body: { queued: true, ...toView(sent) } };
});
