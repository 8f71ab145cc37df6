import { AppError } from '@prepaid/shared';
import * as z from 'zod';

/** Turns a `wx.login` code into the user's openid. */
export interface WeChatLogin {
  exchange(code: string): Promise<{ openid: string }>;
}

const LOCAL_CODE = /^local:([A-Za-z0-9_-]{1,64})$/;

/**
 * `WECHAT_MODE=local`: the code `local:<openid>` logs in as that openid
 * without calling WeChat (CONTRACT.md). Anything else is a bad code.
 */
export const localWeChatLogin: WeChatLogin = {
  async exchange(code) {
    const match = LOCAL_CODE.exec(code);
    if (!match?.[1]) throw new AppError('auth.bad_code', 400, 'In local mode the code must be "local:<openid>"');
    return { openid: match[1] };
  },
};

const Code2Session = z.object({
  openid: z.string().optional(),
  errcode: z.number().optional(),
  errmsg: z.string().optional(),
});

/** `WECHAT_MODE=live`: `GET /sns/jscode2session` (PROTOCOLS.md). */
export function liveWeChatLogin(options: {
  apiBase: string;
  appId: string;
  secret: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): WeChatLogin {
  const doFetch = options.fetch ?? fetch;
  return {
    async exchange(code) {
      const url = new URL('/sns/jscode2session', options.apiBase);
      url.search = new URLSearchParams({
        appid: options.appId,
        secret: options.secret,
        js_code: code,
        grant_type: 'authorization_code',
      }).toString();
      let body: z.infer<typeof Code2Session>;
      try {
        const response = await doFetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
        body = Code2Session.parse(await response.json());
      } catch (cause) {
        throw new AppError('wechat.unavailable', 502, 'WeChat login could not be reached', { cause });
      }
      if (body.errcode === 40029 || body.errcode === 40163) {
        throw new AppError('auth.bad_code', 400, 'The login code is invalid or already used');
      }
      if (body.errcode === 45011) throw new AppError('wechat.rate_limited', 429, 'Too many logins; retry shortly');
      if (!body.openid || (body.errcode !== undefined && body.errcode !== 0)) {
        throw new AppError('wechat.login_failed', 502, `WeChat login failed (${body.errcode ?? 'no openid'})`);
      }
      return { openid: body.openid };
    },
  };
}
