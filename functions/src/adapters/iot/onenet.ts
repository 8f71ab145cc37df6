import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { IotEvent } from './events';

/** base64(MD5(token + nonce + msg)), as OneNET signs its URL check and pushes (PROTOCOLS.md). */
export function onenetSignature(token: string, nonce: string, msg: string): string {
  return createHash('md5').update(token + nonce + msg).digest('base64');
}

const Push = z.looseObject({ msg: z.union([z.string(), z.record(z.string(), z.unknown())]), msg_signature: z.string(), nonce: z.string() });

/**
 * The `msg` exactly as received, and the message parsed from those same
 * bytes: OneNET signs the text of the value, so what is verified must be what
 * is used. A body with a repeated top-level key is refused (JSON.parse would
 * keep the last `msg` while a naive search verifies the first), and an object
 * `msg` is parsed from the very slice that is verified.
 */
export function rawMsgOf(rawBody: string): { msg: string; signature: string; nonce: string; parsed: unknown } {
  const members = topLevelMembers(rawBody);
  const push = Push.parse(JSON.parse(rawBody));
  const msg = typeof push.msg === 'string' ? push.msg : members.get('msg')!;
  return { msg, signature: push.msg_signature, nonce: push.nonce, parsed: JSON.parse(msg) };
}

/**
 * The raw text of each top-level member of a JSON object, by key. Written by
 * hand because JSON.parse keeps neither positions nor repeated keys; a
 * repeated key is a SyntaxError.
 */
export function topLevelMembers(raw: string): Map<string, string> {
  const members = new Map<string, string>();
  let i = skipSpace(raw, 0);
  if (raw[i] !== '{') throw new SyntaxError('not a JSON object');
  i = skipSpace(raw, i + 1);
  while (raw[i] !== '}') {
    if (raw[i] !== '"') throw new SyntaxError(`a key was expected at ${i}`);
    const keyEnd = stringEnd(raw, i);
    const key = JSON.parse(raw.slice(i, keyEnd)) as string;
    i = skipSpace(raw, keyEnd);
    if (raw[i] !== ':') throw new SyntaxError(`":" was expected at ${i}`);
    const start = skipSpace(raw, i + 1);
    const end = valueEnd(raw, start);
    if (members.has(key)) throw new SyntaxError(`the key "${key}" appears twice`);
    members.set(key, raw.slice(start, end));
    i = skipSpace(raw, end);
    if (raw[i] === ',') i = skipSpace(raw, i + 1);
    else if (raw[i] !== '}') throw new SyntaxError(`"," or "}" was expected at ${i}`);
  }
  return members;
}

const skipSpace = (raw: string, from: number): number => {
  let i = from;
  while (i < raw.length && ' \t\n\r'.includes(raw[i]!)) i++;
  return i;
};

/** The index just past the string that opens at `start`. */
function stringEnd(raw: string, start: number): number {
  for (let i = start + 1; i < raw.length; i++) {
    if (raw[i] === '\\') i++;
    else if (raw[i] === '"') return i + 1;
  }
  throw new SyntaxError('unterminated string');
}

/** The index just past the JSON value that starts at `start` (a string, an object or array, or a literal). */
function valueEnd(raw: string, start: number): number {
  if (raw[start] === '"') return stringEnd(raw, start);
  if (raw[start] !== '{' && raw[start] !== '[') {
    let i = start;
    while (i < raw.length && !',}] \t\n\r'.includes(raw[i]!)) i++;
    if (i === start) throw new SyntaxError(`a value was expected at ${start}`);
    return i;
  }
  let depth = 0;
  for (let i = start; i < raw.length; i++) {
    const c = raw[i];
    if (c === '"') i = stringEnd(raw, i) - 1;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new SyntaxError('unterminated value');
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
