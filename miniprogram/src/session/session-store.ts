import Taro from '@tarojs/taro';
import type { MeResponse, Role } from '@prepaid/shared';
import { ApiError, asApiError, getMe, login, onUnauthorized, setBearerToken } from '../api';
import { forgetOpenidInLocation, isValidDemoOpenid, rememberDemoOpenid, resolveDemoOpenid } from './demo-openid';
import { obtainLoginCode } from './login-code';
import { STORAGE_KEYS } from './storage-keys';

/** Where the login stands; every page renders from this. */
export type SessionState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; me: MeResponse }
  | { status: 'signed-out' }
  | { status: 'error'; error: ApiError };

let state: SessionState = { status: 'idle' };
let pending: Promise<SessionState> | null = null;
const listeners = new Set<() => void>();

const setState = (next: SessionState): SessionState => {
  state = next;
  listeners.forEach((listener) => listener());
  return next;
};

/** The current session state (a new object whenever it changes). */
export function getSessionState(): SessionState {
  return state;
}

/** Calls `listener` on every change; returns the unsubscribe function. */
export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True when the roles grant the manager tab and page. */
export function canManage(roles: readonly Role[]): boolean {
  return roles.includes('manager') || roles.includes('admin');
}

const readString = (key: string): string | null => {
  const value: unknown = Taro.getStorageSync(key);
  return typeof value === 'string' && value !== '' ? value : null;
};

const clearStoredSession = (): void => {
  Taro.removeStorageSync(STORAGE_KEYS.token);
  Taro.removeStorageSync(STORAGE_KEYS.openid);
  setBearerToken(null);
};

/** A token the API accepted and whom it belongs to; committed only by the newest attempt. */
interface Established {
  token: string;
  me: MeResponse;
}

/** A stored token is reused unless the H5 demo now asks for another openid. */
const storedTokenFits = (storedOpenid: string | null): boolean =>
  process.env.TARO_ENV !== 'h5' || storedOpenid === resolveDemoOpenid();

/** Tries the stored token; null when there is none, it is for another demo user, or the API refuses it. */
async function resumeStoredSession(): Promise<Established | null> {
  const token = readString(STORAGE_KEYS.token);
  if (token === null || !storedTokenFits(readString(STORAGE_KEYS.openid))) return null;
  try {
    return { token, me: await getMe(token) };
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
    throw error;
  }
}

async function signInFresh(): Promise<Established> {
  const { token } = await login(await obtainLoginCode());
  return { token, me: await getMe(token) };
}

const commit = ({ token, me }: Established): SessionState => {
  Taro.setStorageSync(STORAGE_KEYS.token, token);
  Taro.setStorageSync(STORAGE_KEYS.openid, me.openid);
  setBearerToken(token);
  return setState({ status: 'ready', me });
};

/** Bumped by every login attempt and sign-out, so a stale attempt cannot overwrite a newer one. */
let generation = 0;

/**
 * Runs one login attempt. Tokens travel with each call until the attempt succeeds,
 * so an overtaken attempt changes nothing: neither state, nor storage, nor the token in use.
 */
const run = (work: () => Promise<Established>): Promise<SessionState> => {
  generation += 1;
  const mine = generation;
  setState({ status: 'loading' });
  const attempt = work()
    .then(
      (established) => (mine === generation ? commit(established) : state),
      (error: unknown) => (mine === generation ? setState({ status: 'error', error: asApiError(error) }) : state),
    )
    .finally(() => {
      if (mine === generation) pending = null;
    });
  pending = attempt;
  return attempt;
};

/**
 * Logs in unless already logged in (or explicitly signed out): reuses the stored
 * token when the API still accepts it, else trades a login code for a new token,
 * then loads GET /v1/me. Concurrent callers share one attempt. Never rejects: a
 * failure is the `error` state, with the API's code and message.
 */
export function ensureSession(): Promise<SessionState> {
  if (pending !== null) return pending;
  if (state.status === 'signed-out') return Promise.resolve(state);
  if (state.status === 'ready' && storedTokenFits(readString(STORAGE_KEYS.openid))) return Promise.resolve(state);
  return run(async () => (await resumeStoredSession()) ?? signInFresh());
}

/** Logs in again from scratch (the Me page's login button, or a retry after an error). */
export function signIn(): Promise<SessionState> {
  return run(signInFresh);
}

/** H5 demo only: log in as another openid and remember it for later visits. */
export function switchDemoUser(openid: string): Promise<SessionState> {
  const wanted = openid.trim();
  if (!isValidDemoOpenid(wanted)) {
    return Promise.resolve(
      setState({ status: 'error', error: new ApiError('demo.openid_invalid', 0, `Not a usable openid: "${wanted}"`) }),
    );
  }
  rememberDemoOpenid(wanted);
  forgetOpenidInLocation();
  return signIn();
}

/** Who the logged-in user is now, as an answer of the API said (an invitation redeemed): every page sees the new roles. */
export function updateMe(me: MeResponse): void {
  if (state.status === 'ready' && state.me.openid === me.openid) setState({ status: 'ready', me });
}

/** Forgets the token; pages show the signed-out state until {@link signIn}. */
export function signOut(): void {
  generation += 1;
  pending = null;
  clearStoredSession();
  setState({ status: 'signed-out' });
}

/** The roles of the logged-in user; none while logging in, signed out or failed. */
export function rolesOf(session: SessionState): readonly Role[] {
  return session.status === 'ready' ? session.me.roles : [];
}

// A call refused with 401 (the session expired or was revoked) logs in again, once for all calls refused at that moment.
onUnauthorized(async () => {
  if (state.status === 'signed-out') return null; // signed out on purpose: stay so
  const next = await signIn();
  return next.status === 'ready' ? readString(STORAGE_KEYS.token) : null;
});
