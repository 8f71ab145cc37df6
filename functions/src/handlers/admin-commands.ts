import { notFound } from '@prepaid/shared';
import { declared, route } from '../http';
import { manualSupplyCommand } from '../services/supply-control';
import { operatorOf } from '../services/payments';
import { commandView } from '../services/commands';

const toView = commandView;

/** `GET /v1/admin/meters/{meterId}/commands` → the meter's commands, newest first, with their history. */
export const list = route(declared('GET /v1/admin/meters/{meterId}/commands'), async (request, deps) => {
  if (!(await deps.store.meters.get(request.params.meterId))) throw notFound('meter.not_found', `No meter "${request.params.meterId}"`);
  const page = await deps.store.commands.list(request.params.meterId, request.query);
  return { status: 200, body: { items: page.items.map(toView), next: page.next } };
});

/**
 * `POST /v1/admin/meters/{meterId}/commands` `{action, reason}`: a manual cut
 * holds the supply off against any credit; a manual restore lifts the hold
 * and the balance rule decides; keep_on / keep_off set keep-on. → 201 the
 * command queued (and tried once), or 200 `{queued: false, desired, hold}`
 * when the meter needs none (already so, or on its way, or in arrears).
 */
export const send = route(declared('POST /v1/admin/meters/{meterId}/commands'), async (request, deps) => {
  const meter = await deps.store.meters.get(request.params.meterId);
  if (!meter) throw notFound('meter.not_found', `No meter "${request.params.meterId}"`);
  const outcome = await manualSupplyCommand(deps, meter, request.body.action, operatorOf(request.principal), request.body.reason);
  const sent = outcome.keepCommand ?? outcome.command;
  const state = { desired: outcome.desired, hold: outcome.hold };
  if (!sent) return { status: 200, body: { queued: false, ...state } };
  return { status: 201, body: { queued: true, ...toView(sent), ...state } };
});
