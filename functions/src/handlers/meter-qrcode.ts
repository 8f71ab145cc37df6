import { liveWxaCodes, localWxaCodes, type WxaCodes } from '../adapters/wechat/wxacode';
import type { Deps } from '../deps';
import { declared, route } from '../http';
import { bindingCodeOf, bindingQrCode } from '../services/binding-codes';
import { listMeters } from '../services/estate';

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
export const qrcode = route(declared('GET /v1/admin/meters/{meterId}/qrcode'), async (request, deps) => ({
  status: 200,
  binary: await bindingQrCode(deps, codesOf(deps), request.params.meterId, request.query.width),
  // Not cached: a rotation makes the old image worthless.
  headers: { 'content-type': 'image/png', 'cache-control': 'no-store', 'content-disposition': `inline; filename="${request.params.meterId}-qrcode.png"` },
}));

/**
 * `GET /v1/admin/buildings/{buildingId}/qrcodes?limit&cursor&width` → a page
 * of the building's meters (in id order) with each one's current QR code as
 * base64 PNG: the sheet a manager prints and cuts into stickers.
 */
export const sheet = route(declared('GET /v1/admin/buildings/{buildingId}/qrcodes'), async (request, deps) => {
  const page = await listMeters(deps, request.principal, { buildingId: request.params.buildingId, limit: request.query.limit, ...(request.query.cursor ? { cursor: request.query.cursor } : {}) });
  const items = [];
  for (const meter of page.items) {
    const { scene } = await bindingCodeOf(deps, meter.id);
    const png = await bindingQrCode(deps, codesOf(deps), meter.id, request.query.width);
    items.push({ meterId: meter.id, room: meter.room, utility: meter.utility, scene, png: Buffer.from(png).toString('base64') });
  }
  return { status: 200, body: { items, next: page.next }, headers: { 'cache-control': 'no-store' } };
});
