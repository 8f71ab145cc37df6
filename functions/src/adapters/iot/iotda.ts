import * as z from 'zod';
import type { IotEvent } from './events';

const Header = z.looseObject({ device_id: z.string().min(1), node_id: z.string().optional() });
const Push = z.looseObject({
  resource: z.string(),
  event: z.string().optional(),
  event_time: z.string().optional(),
  notify_data: z.looseObject({ header: Header.optional(), body: z.looseObject({}).optional() }),
});

/** `20261121T080000Z` → Date (IoTDA's event_time). */
export function parseIotdaTime(text: string | undefined, fallback: Date): Date {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? '');
  if (!match) return fallback;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

const STATUS: Record<string, 'delivered' | 'succeeded' | 'failed'> = {
  DELIVERED: 'delivered',
  SUCCESSFUL: 'succeeded',
  FAILED: 'failed',
  TIMEOUT: 'failed',
  EXPIRED: 'failed',
};

/** Huawei IoTDA data forwarding → event. */
export function parseIotdaPush(body: unknown, receivedAt: Date): IotEvent {
  const push = Push.parse(body);
  const header = push.notify_data.header;
  const at = parseIotdaTime(push.event_time, receivedAt);
  const device = header ? { deviceId: header.device_id, ...(header.node_id ? { imei: header.node_id } : {}) } : null;
  const content = push.notify_data.body ?? {};
  if (push.resource === 'device.property' && device) {
    return { type: 'uplink', ...device, at, payload: { kind: 'properties', services: content.services } };
  }
  if (push.resource === 'device.message' && device) {
    const raw = z.object({ content: z.string() }).parse(content).content;
    return { type: 'uplink', ...device, at, payload: { kind: 'bytes', bytes: Uint8Array.from(Buffer.from(raw, 'base64')) } };
  }
  if (push.resource === 'device.command.status') {
    const status = z.looseObject({ command_id: z.string(), status: z.string() }).parse(content);
    const outcome = STATUS[status.status];
    if (!outcome) return { type: 'ignored', reason: `command status ${status.status}` };
    return { type: 'command_result', ...(device ? { deviceId: device.deviceId } : {}), taskId: status.command_id, outcome, detail: status.status };
  }
  return { type: 'ignored', reason: `resource ${push.resource}` };
}
