import * as z from 'zod';
import { TOKEN_INVALID, wechatAccessToken, type AccessTokenOptions } from '../wechat/access-token';
import type { SendOutcome, SubscribeMessages } from './types';

export type { TokenCache } from '../wechat/access-token';

const SendAnswer = z.object({ errcode: z.number().default(0), errmsg: z.string().optional() });

/**
 * `WECHAT_MODE=live`: subscription messages through WeChat's server API
 * (PROTOCOLS: `message/subscribe/send`) with the shared access token (see
 * `wechatAccessToken`). A token WeChat calls invalid is renewed once. 43101
 * (the user has no grant left or refused) is an answer, not a failure to retry.
 */
export function liveWeChatMessages(options: AccessTokenOptions): SubscribeMessages {
  const doFetch = options.fetch ?? fetch;
  const token = wechatAccessToken(options);

  async function post(accessToken: string, body: unknown): Promise<z.infer<typeof SendAnswer>> {
    const url = new URL('/cgi-bin/message/subscribe/send', options.apiBase);
    url.searchParams.set('access_token', accessToken);
    const response = await doFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
    return SendAnswer.parse(await response.json());
  }

  return {
    async send(message): Promise<SendOutcome> {
      const body = { touser: message.touser, template_id: message.templateId, page: message.page, data: message.data, miniprogram_state: message.miniprogramState, lang: 'zh_CN' };
      try {
        let answer = await post(await token.get(), body);
        if (TOKEN_INVALID.has(answer.errcode)) answer = await post(await token.refresh(), body);
        if (answer.errcode === 0) return { ok: true };
        return { ok: false, code: String(answer.errcode), refused: answer.errcode === 43101, message: answer.errmsg ?? 'WeChat refused the message' };
      } catch (error) {
        return { ok: false, code: 'unreachable', refused: false, message: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
