import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { IotEvent } from './events';

/** base64(MD5(token + nonce + msg)), as OneNET signs its URL check and pushes (PROTOCOLS.md). */
export function onenetSignature(token: string, nonce: string, msg: string): string {
  return createHash('md5').update(token + nonce + msg).digest('base64');
}

const Push = z.looseObject({ msg: z.union([z.string(), z.record(z.string(), z.unknown())]), msg_signature: z.string(), nonce: z.string() });

/**
 * The `msg` exactly as received: OneNET signs the text of the value, so a
 * re-serialised object would not verify. A string `msg` is used as is; an
 * object `msg` is cut out of the raw body.
 */
export function rawMsgOf(rawBody: string): { msg: string; signature: string; nonce: string; parsed: unknown } {
  const push = Push.parse(JSON.parse(rawBody));
  const msg = typeof push.msg === 'string' ? push.msg : rawValueOf(rawBody, 'msg');
  return { msg, signature: push.msg_signature, nonce: push.nonce, parsed: typeof push.msg === 'string' ? JSON.parse(push.msg) : push.msg };
}

/** The raw text of a top-level key's value in a JSON object (written by hand: JSON.parse keeps no positions). */
function rawValueOf(raw: string, key: string): string {
  const keyAt = raw.search(new RegExp(`"${key}"\\s*:`));
  if (keyAt < 0) throw new SyntaxError(`no "${key}"`);
  let i = raw.indexOf(':', keyAt) + 1;
  while (/\s/.test(raw[i] ?? '')) i++;
  const start = i;
  let depth = 0;
  let inString = false;
  for (; i < raw.length; i++) {
    const c = raw[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return raw.slice(start, i + 1);
    }
  }
  throw new SyntaxError(`unterminated "${key}"`);
}

const Data = z.looseObject({ type: z.literal(1), dev_id: z.union([z.string(), z.number()]), at: z.number().int(), value: z.unknown(), imei: z.string().optional() });
const Presence = z.looseObject({ type: z.literal(2), dev_id: z.union([z.string(), z.number()]), at: z.number().int(), status: z.union([z.literal(0), z.literal(1)]), imei: z.string().optional() });
const CachedCommand = z.looseObject({ type: z.literal(7), dev_id: z.union([z.string(), z.number()]).optional(), cmd_id: z.string(), confirm_status: z.number().int().optional(), send_status: z.number().int().optional() });

/** A verified OneNET `msg` → event. `value` of a data point carries the meter frame as hex. */
export function parseOnenetMsg(msg: unknown): IotEvent {
  const type = z.looseObject({ type: z.number().int() }).parse(msg).type;
  if (type === 1) {
    const data = Data.parse(msg);
    const hex = typeof data.value === 'string' && /^([0-9A-Fa-f]{2})+$/.test(data.value) ? data.value : null;
    const base = { deviceId: String(data.dev_id), ...(data.imei ? { imei: data.imei } : {}), at: new Date(data.at) };
    return hex
      ? { type: 'uplink', ...base, payload: { kind: 'bytes', bytes: Uint8Array.from(Buffer.from(hex, 'hex')) } }
      : { type: 'uplink', ...base, payload: { kind: 'properties', services: data.value } };
  }
  if (type === 2) {
    const presence = Presence.parse(msg);
    return { type: 'presence', deviceId: String(presence.dev_id), ...(presence.imei ? { imei: presence.imei } : {}), online: presence.status === 1, at: new Date(presence.at) };
  }
  if (type === 7) {
    // Unconfirmed field semantics: status 0 means done; anything else is a failure the operator should see.
    const result = CachedCommand.parse(msg);
    const code = result.confirm_status ?? result.send_status;
    if (code === undefined) return { type: 'ignored', reason: 'cached command without a status' };
    return { type: 'command_result', ...(result.dev_id !== undefined ? { deviceId: String(result.dev_id) } : {}), taskId: result.cmd_id, outcome: code === 0 ? 'succeeded' : 'failed', detail: `status ${code}` };
  }
  return { type: 'ignored', reason: `msg type ${type}` };
}
