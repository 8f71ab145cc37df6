import * as z from 'zod';

/** Where the access token is shared between functions (the table), beside each container's own memory. */
export interface TokenCache {
  cachedToken(appId: string, nowMs: number, marginMs: number): Promise<string | null>;
  storeToken(appId: string, token: string, expiresAtMs: number): Promise<void>;
}

export interface AccessTokenOptions {
  readonly apiBase: string;
  readonly appId: string;
  readonly secret: string;
  readonly tokens: TokenCache;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  readonly nowMs?: () => number;
}

/** The mini-program's server access token: the one in hand, or a fresh one after WeChat said it is invalid. */
export interface AccessToken {
  get(): Promise<string>;
  refresh(): Promise<string>;
}

const TokenAnswer = z.object({ access_token: z.string().optional(), expires_in: z.number().optional(), errcode: z.number().optional(), errmsg: z.string().optional() });

/** A token with less than this to live is renewed rather than used. */
const TOKEN_MARGIN_MS = 5 * 60_000;
/** WeChat's answers that mean the token we hold is no longer good. */
export const TOKEN_INVALID = new Set([40001, 40014, 42001]);

/**
 * The access token every server API call needs (PROTOCOLS: `stable_token`),
 * shared: kept in memory and in the table until 5 minutes before it expires,
 * fetched with `stable_token` (which, unlike `token`, does not invalidate the
 * token other containers hold), and with `force_refresh` only when WeChat
 * says the one in hand is invalid.
 */
export function wechatAccessToken(options: AccessTokenOptions): AccessToken {
  const doFetch = options.fetch ?? fetch;
  const now = options.nowMs ?? Date.now;
  let memory: { token: string; expiresAtMs: number } | null = null;

  async function fetchToken(forceRefresh: boolean): Promise<string> {
    const response = await doFetch(new URL('/cgi-bin/stable_token', options.apiBase), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: options.appId, secret: options.secret, force_refresh: forceRefresh }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
    const answer = TokenAnswer.parse(await response.json());
    if (!answer.access_token || !answer.expires_in) throw new Error(`stable_token failed: ${answer.errcode ?? '?'} ${answer.errmsg ?? ''}`);
    const expiresAtMs = now() + answer.expires_in * 1000;
    memory = { token: answer.access_token, expiresAtMs };
    await options.tokens.storeToken(options.appId, answer.access_token, expiresAtMs);
    return answer.access_token;
  }

  return {
    async get() {
      if (memory && memory.expiresAtMs - TOKEN_MARGIN_MS > now()) return memory.token;
      const shared = await options.tokens.cachedToken(options.appId, now(), TOKEN_MARGIN_MS);
      if (shared) return shared;
      return fetchToken(false);
    },
    refresh() {
      memory = null;
      return fetchToken(true);
    },
  };
}
