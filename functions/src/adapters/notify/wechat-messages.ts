import * as z from 'zod';
import type { SendOutcome, SubscribeMessages } from './types';

/** Where the access token is shared between functions (the table), beside each container's own memory. */
export interface TokenCache {
  cachedToken(appId: string, nowMs: number, marginMs: number): Promise<string | null>;
  storeToken(appId: string, token: string, expiresAtMs: number): Promise<void>;
}

const TokenAnswer = z.object({ access_token: z.string().optional(), expires_in: z.number().optional(), errcode: z.number().optional(), errmsg: z.string().optional() });
const SendAnswer = z.object({ errcode: z.number().default(0), errmsg: z.string().optional() });

/** A token with less than this to live is renewed rather than used. */
const TOKEN_MARGIN_MS = 5 * 60_000;
/** WeChat's answers that mean the token we hold is no longer good. */
const TOKEN_INVALID = new Set([40001, 40014, 42001]);

/**
 * `WECHAT_MODE=live`: subscription messages through WeChat's server API
 * (PROTOCOLS: `stable_token`, `message/subscribe/send`). The access token is
 * shared: kept in memory and in the table until 5 minutes before it expires,
 * fetched with `stable_token` (which, unlike `token`, does not invalidate the
 * token other containers hold), and fetched again with `force_refresh` only
 * when WeChat says it is invalid. 43101 (the user has no grant left or
 * refused) is an answer, not a failure to retry.
 */
export function liveWeChatMessages(options: {
  apiBase: string;
  appId: string;
  secret: string;
  tokens: TokenCache;
  fetch?: typeof fetch;
  timeoutMs?: number;
  nowMs?: () => number;
}): SubscribeMessages {
  const doFetch = options.fetch ?? fetch;
  const now = options.nowMs ?? Date.now;
  const timeout = () => AbortSignal.timeout(options.timeoutMs ?? 5000);
  let memory: { token: string; expiresAtMs: number } | null = null;

  async function fetchToken(forceRefresh: boolean): Promise<string> {
    const response = await doFetch(new URL('/cgi-bin/stable_token', options.apiBase), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: options.appId, secret: options.secret, force_refresh: forceRefresh }),
      signal: timeout(),
    });
    const answer = TokenAnswer.parse(await response.json());
    if (!answer.access_token || !answer.expires_in) throw new Error(`stable_token failed: ${answer.errcode ?? '?'} ${answer.errmsg ?? ''}`);
    const expiresAtMs = now() + answer.expires_in * 1000;
    memory = { token: answer.access_token, expiresAtMs };
    await options.tokens.storeToken(options.appId, answer.access_token, expiresAtMs);
    return answer.access_token;
  }

  async function token(): Promise<string> {
    if (memory && memory.expiresAtMs - TOKEN_MARGIN_MS > now()) return memory.token;
    const shared = await options.tokens.cachedToken(options.appId, now(), TOKEN_MARGIN_MS);
    if (shared) return shared;
    return fetchToken(false);
  }

  async function post(accessToken: string, body: unknown): Promise<z.infer<typeof SendAnswer>> {
    const url = new URL('/cgi-bin/message/subscribe/send', options.apiBase);
    url.searchParams.set('access_token', accessToken);
    const response = await doFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: timeout() });
    return SendAnswer.parse(await response.json());
  }

  return {
    async send(message): Promise<SendOutcome> {
      const body = { touser: message.touser, template_id: message.templateId, page: message.page, data: message.data, miniprogram_state: message.miniprogramState, lang: 'zh_CN' };
      try {
        let answer = await post(await token(), body);
        if (TOKEN_INVALID.has(answer.errcode)) {
          memory = null;
          answer = await post(await fetchToken(true), body);
        }
        if (answer.errcode === 0) return { ok: true };
        return { ok: false, code: String(answer.errcode), refused: answer.errcode === 43101, message: answer.errmsg ?? 'WeChat refused the message' };
      } catch (error) {
        return { ok: false, code: 'unreachable', refused: false, message: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
