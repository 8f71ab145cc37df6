import { MeterId, QrCodeQuery } from '@prepaid/shared';
import * as z from 'zod';
import { liveWxaCodes, localWxaCodes, type WxaCodes } from '../adapters/wechat/wxacode';
import type { Deps } from '../deps';
import { route } from '../http';
import { bindingQrCode } from '../services/binding-codes';

/** Its own function: the QR library is in no other bundle. */
let codes: WxaCodes | undefined;
function codesOf(deps: Deps): WxaCodes {
  const { mode, appId, secret, apiBase, qrEnv, qrH5BaseUrl } = deps.config.wechat;
  if (mode === 'local') return localWxaCodes({ h5BaseUrl: qrH5BaseUrl });
  if (!appId || !secret) throw new Error('WECHAT_MODE=live needs WECHAT_APPID and WECHAT_SECRET');
  codes ??= liveWxaCodes({ apiBase, appId, secret, tokens: deps.store.contacts, envVersion: qrEnv });
  return codes;
}

/** `GET /v1/admin/meters/{meterId}/qrcode?width=` → `image/png` of the meter's scene, to print and stick on it. */
export const qrcode = route({ auth: ['manager', 'admin'], params: z.object({ meterId: MeterId }), query: QrCodeQuery }, async (request, deps) => ({
  status: 200,
  binary: await bindingQrCode(deps, codesOf(deps), request.params.meterId, request.query.width),
  // Not cached: a rotation makes the old image worthless.
  headers: { 'content-type': 'image/png', 'cache-control': 'no-store', 'content-disposition': `inline; filename="${request.params.meterId}-qrcode.png"` },
}));
