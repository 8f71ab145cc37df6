import type { MeterView } from '@prepaid/shared';
import { getMeter } from '../api';
import type { SessionState } from '../session';
import { useRemote, type RemoteState } from './use-remote';

/** One meter of the tenant (GET /v1/meters/{meterId}), fetched once logged in and given an id. */
export function useMeter(session: SessionState, meterId: string): RemoteState<MeterView> & { reload: () => void } {
  const ready = session.status === 'ready' && meterId !== '';
  return useRemote(() => getMeter(meterId), ready, ready ? `${session.me.openid}|${meterId}` : '');
}
