import type { ApiError } from '../../api';

/** Anything with the `error` variant of the session and remote states. */
export type MaybeFailed = { status: string } | { status: 'error'; error: ApiError };

const hasFailed = (state: MaybeFailed): state is { status: 'error'; error: ApiError } => state.status === 'error';

/** The first failure among `states` (in the order given, most fundamental first), or null. */
export function firstError(...states: MaybeFailed[]): ApiError | null {
  return states.find(hasFailed)?.error ?? null;
}
