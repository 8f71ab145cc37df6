import * as z from 'zod';
import type { IotEvent } from './events';

const Base = { deviceId: z.string().min(1), IMEI: z.string().optional(), timestamp: z.number().int().positive() };

const DataReport = z.looseObject({
  messageType: z.literal('dataReport'),
  ...Base,
  upPacketSN: z.number().int().optional(),
  payload: z.union([z.looseObject({ APPdata: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/) }), z.looseObject({ serviceData: z.unknown() })]),
});
const OnlineOffline = z.looseObject({ messageType: z.literal('deviceOnlineOfflineReport'), ...Base, eventType: z.union([z.literal(0), z.literal(1)]) });
const CommandResponse = z.looseObject({
  messageType: z.literal('commandResponse'),
  deviceId: z.string().optional(),
  taskId: z.union([z.number().int(), z.string()]),
  result: z.looseObject({ resultCode: z.string(), resultDetail: z.unknown().optional() }),
});
const Other = z.looseObject({ messageType: z.string() });

/** CTWing (AEP) HTTP push → event. Throws a ZodError for a body that is not a CTWing push. */
export function parseCtwingPush(body: unknown): IotEvent {
  const kind = Other.parse(body).messageType;
  if (kind === 'dataReport') {
    const push = DataReport.parse(body);
    const at = new Date(push.timestamp);
    const imei = push.IMEI ? { imei: push.IMEI } : {};
    if ('APPdata' in push.payload) {
      return { type: 'uplink', deviceId: push.deviceId, ...imei, at, payload: { kind: 'bytes', bytes: Uint8Array.from(Buffer.from(String(push.payload.APPdata), 'base64')) } };
    }
    return { type: 'uplink', deviceId: push.deviceId, ...imei, at, payload: { kind: 'properties', services: push.payload.serviceData } };
  }
  if (kind === 'deviceOnlineOfflineReport') {
    const push = OnlineOffline.parse(body);
    return { type: 'presence', deviceId: push.deviceId, ...(push.IMEI ? { imei: push.IMEI } : {}), online: push.eventType === 1, at: new Date(push.timestamp) };
  }
  if (kind === 'commandResponse') {
    const push = CommandResponse.parse(body);
    const outcome = COMMAND_OUTCOMES[push.result.resultCode.toUpperCase()];
    if (!outcome) return { type: 'ignored', reason: `command status ${push.result.resultCode}` };
    return { type: 'command_result', ...(push.deviceId ? { deviceId: push.deviceId } : {}), taskId: String(push.taskId), outcome, detail: push.result.resultCode };
  }
  return { type: 'ignored', reason: `messageType ${kind}` };
}

/** CTWing command states (unconfirmed beyond these names: others are ignored, not guessed). */
const COMMAND_OUTCOMES: Record<string, 'delivered' | 'succeeded' | 'failed'> = {
  DELIVERED: 'delivered',
  SUCCESSFUL: 'succeeded',
  SUCCESS: 'succeeded',
  FAILED: 'failed',
  TIMEOUT: 'failed',
};
