import type { MeterView } from '@prepaid/shared';
import { getMeter } from '../api';
import { queryKeys } from '../data';
import type { SessionState } from '../session';
import { useRemote, type RemoteState } from './use-remote';

/** One meter of the tenant (GET /v1/meters/{meterId}), fetched once logged in and given an id. */
export function useMeter(session: SessionState, meterId: string): RemoteState<MeterView> & { reload: () => void } {
  const openid = session.status === 'ready' ? session.me.openid : '';
  return useRemote(queryKeys.meter(openid, meterId), () => getMeter(meterId), openid !== '' && meterId !== '');
}
