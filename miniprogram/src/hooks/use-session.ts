import { useEffect, useSyncExternalStore } from 'react';
import { ensureSession, getSessionState, subscribeSession, type SessionState } from '../session';

/**
 * The login state, kept current; starts (or joins) the login on first use, so any
 * page can be the first one opened.
 */
export function useSession(): SessionState {
  const state = useSyncExternalStore(subscribeSession, getSessionState, getSessionState);
  useEffect(() => {
    void ensureSession();
  }, []);
  return state;
}
