import type { List, MeterView } from '@prepaid/shared';
import { listMyMeters } from '../api';
import type { SessionState } from '../session';
import { useRemote, type RemoteState } from './use-remote';

/** The logged-in tenant's meters (GET /v1/me/meters), fetched once the session is ready. */
export function useMyMeters(session: SessionState): RemoteState<List<MeterView>> & { reload: () => void } {
  const ready = session.status === 'ready';
  return useRemote(listMyMeters, ready, ready ? session.me.openid : '');
}
