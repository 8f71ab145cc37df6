import { notFound, type List, type MeterView } from '@prepaid/shared';
import type { Principal } from '../http/types';
import type { Store } from '../store';

/** Managers and admins see every meter; a tenant only the meters bound to them. */
export async function getMeterView(store: Store, principal: Principal, meterId: string): Promise<MeterView> {
  const privileged = principal.roles.some((role) => role === 'manager' || role === 'admin');
  // A tenant asking for someone else's meter gets the same 404 as for a missing one: existence must not leak.
  if (!privileged && (principal.kind !== 'user' || !(await store.meters.isBound(principal.openid, meterId)))) {
    throw notFound('meter.not_found', `No meter "${meterId}"`);
  }
  const view = await store.meters.getView(meterId);
  if (!view) throw notFound('meter.not_found', `No meter "${meterId}"`);
  return view;
}

export async function listMyMeters(store: Store, principal: Principal): Promise<List<MeterView>> {
  if (principal.kind !== 'user') return { items: [], next: null };
  return { items: await store.meters.listViewsForUser(principal.openid), next: null };
}
