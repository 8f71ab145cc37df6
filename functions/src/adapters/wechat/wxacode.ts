import { AppError } from '@prepaid/shared';
import QRCode from 'qrcode';
import { TOKEN_INVALID, wechatAccessToken, type AccessTokenOptions } from './access-token';

/** A meter's QR code as a PNG: what scanning it opens is the mini-program page with the scene. */
export interface WxaCodes {
  unlimited(input: { scene: string; page: string; width: number }): Promise<Buffer>;
}

/**
 * `WECHAT_MODE=live`: `wxacode.getUnlimited` (PROTOCOLS: `POST
 * /wxa/getwxacodeunlimit`), the mini-program code WeChat draws for a scene;
 * it answers the image, or JSON with an errcode. `check_path` is off so a
 * code can be printed before the page is released.
 */
export function liveWxaCodes(options: AccessTokenOptions & { envVersion: 'release' | 'trial' | 'develop' }): WxaCodes {
  const doFetch = options.fetch ?? fetch;
  const token = wechatAccessToken(options);
  const request = async (accessToken: string, input: { scene: string; page: string; width: number }) => {
    const url = new URL('/wxa/getwxacodeunlimit', options.apiBase);
    url.searchParams.set('access_token', accessToken);
    const response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scene: input.scene, page: input.page, check_path: false, env_version: options.envVersion, width: input.width }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    const isJson = (response.headers.get('content-type') ?? '').includes('json') || bytes[0] === 0x7b;
    return isJson ? { error: JSON.parse(bytes.toString('utf8')) as { errcode?: number; errmsg?: string } } : { image: bytes };
  };
  return {
    async unlimited(input) {
      let answer;
      try {
        answer = await request(await token.get(), input);
        if (answer.error && TOKEN_INVALID.has(answer.error.errcode ?? 0)) answer = await request(await token.refresh(), input);
      } catch (cause) {
        throw new AppError('wechat.unavailable', 502, 'WeChat could not be reached for the QR code', { cause });
      }
      if (answer.image) return answer.image;
      throw new AppError('wechat.qrcode_failed', 502, `WeChat did not draw the QR code (${answer.error?.errcode ?? '?'} ${answer.error?.errmsg ?? ''})`);
    },
  };
}

/**
 * Locally (and for the H5 build) the code is drawn here, with a QR library,
 * and opens the H5 build's page with the same scene, as WeChat would hand it.
 */
export function localWxaCodes(options: { h5BaseUrl: string }): WxaCodes {
  return {
    async unlimited(input) {
      const target = `${options.h5BaseUrl.replace(/\/$/, '')}/#/${input.page}?scene=${encodeURIComponent(input.scene)}`;
      return QRCode.toBuffer(target, { type: 'png', width: input.width, margin: 2, errorCorrectionLevel: 'M' });
    },
  };
}
