import QRCode from 'qrcode';
import { listen, readBody, sendJson, type Started } from './http-util';

/** One subscription message the fake accepted. */
export interface SentMessage {
  readonly touser: string;
  readonly template_id: string;
  readonly page: string;
  readonly data: Record<string, { value: string }>;
  readonly miniprogram_state?: string;
}

export interface FakeWeChatApi extends Started {
  readonly sent: SentMessage[];
  /** How many times each token route was called. */
  readonly calls: { stableToken: number; forced: number; qrcodes: number };
  /** Users who refused (43101 for them). */
  readonly refusing: Set<string>;
  /** Makes the current token invalid, as when another party forced a refresh. */
  invalidateToken(): void;
}

/** WeChat's value rules (PROTOCOLS): a value that breaks one is refused with 47003, as WeChat does. */
const RULES: ReadonlyArray<[RegExp, (value: string) => boolean]> = [
  [/^thing\d+$/, (value) => [...value].length <= 20],
  [/^phrase\d+$/, (value) => [...value].length <= 5 && /^[\u4e00-\u9fa5]+$/.test(value)],
  [/^amount\d+$/, (value) => /^-?\d+(\.\d{1,2})?元?$/.test(value)],
  [/^time\d+$/, (value) => /^\d{4}-\d{2}-\d{2} ([01]\d|2[0-3]):[0-5]\d$/.test(value)],
];
const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;

/**
 * A local stand-in for the WeChat server APIs we call (PROTOCOLS):
 * `stable_token` (a token lives until forced away), `message/subscribe/send`
 * (checks the token, the template values and the user's consent) and
 * `getwxacodeunlimit` (checks the scene, answers a PNG of it). Tests point
 * the live adapters at it, so they speak real HTTP to something strict.
 */
export async function startFakeWeChatApi(options: { appId: string; secret: string; port?: number }): Promise<FakeWeChatApi> {
  const sent: SentMessage[] = [];
  const calls = { stableToken: 0, forced: 0, qrcodes: 0 };
  const refusing = new Set<string>();
  let generation = 1;
  const token = () => `fake-token-${generation}`;
  const started = await listen(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const body = request.method === 'POST' ? (JSON.parse((await readBody(request)).toString('utf8') || '{}') as Record<string, unknown>) : {};
    if (url.pathname === '/cgi-bin/stable_token') {
      calls.stableToken += 1;
      if (body.appid !== options.appId || body.secret !== options.secret) return sendJson(response, 200, { errcode: 40013, errmsg: 'invalid appid' });
      if (body.force_refresh === true) {
        calls.forced += 1;
        generation += 1;
      }
      return sendJson(response, 200, { access_token: token(), expires_in: 7200 });
    }
    if (url.searchParams.get('access_token') !== token()) return sendJson(response, 200, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
    if (url.pathname === '/cgi-bin/message/subscribe/send') {
      const message = body as unknown as SentMessage;
      if (!message.touser || !message.template_id || typeof message.data !== 'object') return sendJson(response, 200, { errcode: 47001, errmsg: 'data format error' });
      for (const [field, { value }] of Object.entries(message.data)) {
        const rule = RULES.find(([pattern]) => pattern.test(field));
        if (rule && !rule[1](value)) return sendJson(response, 200, { errcode: 47003, errmsg: `argument invalid! data.${field}.value` });
      }
      if (refusing.has(message.touser)) return sendJson(response, 200, { errcode: 43101, errmsg: 'user refuse to accept the msg' });
      sent.push(message);
      return sendJson(response, 200, { errcode: 0, errmsg: 'ok' });
    }
    if (url.pathname === '/wxa/getwxacodeunlimit') {
      calls.qrcodes += 1;
      const scene = String(body.scene ?? '');
      if (!SCENE.test(scene)) return sendJson(response, 200, { errcode: 40169, errmsg: 'invalid length for scene, or the data is not json string' });
      const png = await QRCode.toBuffer(`https://fake.weixin/wxacode?page=${String(body.page)}&scene=${encodeURIComponent(scene)}`, { type: 'png', width: Number(body.width ?? 430) });
      response.writeHead(200, { 'content-type': 'image/jpeg' }).end(png);
      return;
    }
    sendJson(response, 404, { errcode: -1, errmsg: 'no such api' });
  }, options.port);
  return { ...started, sent, calls, refusing, invalidateToken: () => void (generation += 1) };
}
