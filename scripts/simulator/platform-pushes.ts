/**
 * What the IoT platforms send to the API's webhooks, in their own formats
 * (PROTOCOLS.md): CTWing HTTP pushes with a token in the URL, OneNET pushes
 * signed with base64(MD5(token + nonce + msg)).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SimMeter } from './types';

/** Something a meter (or its platform on its behalf) tells the API. */
export type Uplink =
  | { readonly kind: 'data'; readonly atMs: number; readonly bytes: Uint8Array; readonly what: string }
  | { readonly kind: 'presence'; readonly atMs: number; readonly online: boolean }
  | { readonly kind: 'command_result'; readonly atMs: number; readonly taskId: string; readonly ok: boolean };

export interface PushRequest {
  /** Path and query on the API. */
  readonly path: string;
  /** The exact text to send (OneNET signs the `msg` text as it appears in it). */
  readonly body: string;
}

export interface PlatformSecrets {
  readonly ctwingToken: string;
  readonly onenetToken: string;
}

/** CTWing's fixed fields for this local tenant and product. */
const CTWING_TENANT = { tenantId: '2000000001', productId: '15000001', protocol: 'lwm2m' };

/** The webhook request for `uplink` of `meter`; `packetSn` numbers a CTWing device's data reports. */
export function pushRequest(meter: SimMeter, uplink: Uplink, secrets: PlatformSecrets, packetSn: number): PushRequest {
  return meter.platform === 'ctwing'
    ? { path: `/v1/webhooks/ctwing?token=${encodeURIComponent(secrets.ctwingToken)}`, body: JSON.stringify(ctwingPush(meter, uplink, packetSn)) }
    : { path: '/v1/webhooks/onenet', body: signedOnenetPush(onenetMsg(meter, uplink), secrets.onenetToken) };
}

function ctwingPush(meter: SimMeter, uplink: Uplink, packetSn: number): Record<string, unknown> {
  const device = { ...CTWING_TENANT, deviceId: meter.deviceId, ...(meter.imei ? { IMEI: meter.imei, IMSI: `46011${meter.imei.slice(-10)}` } : {}), timestamp: uplink.atMs };
  switch (uplink.kind) {
    case 'data':
      return { messageType: 'dataReport', ...device, serviceId: '', upPacketSN: packetSn, upDataSN: -1, payload: { APPdata: Buffer.from(uplink.bytes).toString('base64') } };
    case 'presence':
      return { messageType: 'deviceOnlineOfflineReport', ...device, eventType: uplink.online ? 1 : 0 };
    case 'command_result':
      return { messageType: 'commandResponse', ...device, taskId: uplink.taskId, result: { resultCode: uplink.ok ? 'SUCCESSFUL' : 'FAILED', resultDetail: uplink.ok ? '' : 'the meter refused the command' } };
  }
}

function onenetMsg(meter: SimMeter, uplink: Uplink): Record<string, unknown> {
  // OneNET stamps a data point with when it received it: the real time, whatever the meter's (simulated) clock says;
  // the meter's own time travels in its CJ/T 188 frame.
  const device = { dev_id: meter.deviceId, ...(meter.imei ? { imei: meter.imei } : {}), at: Date.now() };
  switch (uplink.kind) {
    case 'data':
      // 3200_0_5750: the LwM2M "digital input / application type" resource transparent meters write their frames to.
      return { type: 1, ...device, ds_id: '3200_0_5750', value: Buffer.from(uplink.bytes).toString('hex').toUpperCase() };
    case 'presence':
      return { type: 2, ...device, login_type: 10, status: uplink.online ? 1 : 0 };
    case 'command_result':
      return { type: 7, ...device, cmd_id: uplink.taskId, send_status: uplink.ok ? 0 : 1, confirm_status: uplink.ok ? 0 : 1 };
  }
}

/** `{"msg":…,"msg_signature":…,"nonce":…}` with the msg object written once and signed as written. */
export function signedOnenetPush(msg: Record<string, unknown>, token: string): string {
  const text = JSON.stringify(msg);
  const nonce = randomBytes(6).toString('base64url');
  const signature = createHash('md5').update(token + nonce + text).digest('base64');
  return `{"msg":${text},"msg_signature":${JSON.stringify(signature)},"nonce":${JSON.stringify(nonce)}}`;
}
