import type { List, MeterView } from '@prepaid/shared';
import { listMyMeters } from '../api';
import { queryKeys } from '../data';
import type { SessionState } from '../session';
import { useRemote, type RemoteState } from './use-remote';

/** The logged-in tenant's meters (GET /v1/me/meters), fetched once the session is ready. */
export function useMyMeters(session: SessionState): RemoteState<List<MeterView>> & { reload: () => void } {
  const openid = session.status === 'ready' ? session.me.openid : '';
  return useRemote(queryKeys.myMeters(openid), listMyMeters, openid !== '');
}
