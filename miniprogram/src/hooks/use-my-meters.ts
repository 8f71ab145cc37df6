import type { List, MeterView } from '@prepaid/shared';
import { listMyMeters } from '../api';
import { queryKeys } from '../data';
import type { SessionState } from '../session';
import { useRemote, type RemoteState } from './use-remote';

/** While a meter's supply is about to change (a command on its way, or paid and waiting for the meter), it is read again this often. */
export const CHANGING_SUPPLY_POLL_MS = 10_000;

/** True while the card's supply line is about to change: the tenant should see it change without pulling to refresh. */
export const supplyChanging = (meter: MeterView): boolean => meter.pendingSupply !== null || (meter.supply === 'off' && meter.balanceFen > 0);

/**
 * The logged-in tenant's meters (GET /v1/me/meters), fetched once the session
 * is ready, and every 10 s while one of them is changing supply (after paying
 * for a cut meter: the restore being queued, sent, then done).
 */
export function useMyMeters(session: SessionState): RemoteState<List<MeterView>> & { reload: () => void } {
  const openid = session.status === 'ready' ? session.me.openid : '';
  return useRemote(queryKeys.myMeters(openid), listMyMeters, openid !== '', {
    refetchEveryMs: (list) => (list?.items.some(supplyChanging) ? CHANGING_SUPPLY_POLL_MS : false),
  });
}
