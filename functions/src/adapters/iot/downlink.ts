import { createHmac } from 'node:crypto';
import { AppError } from '@prepaid/shared';
import type { Config } from '../../config';
import { toBeijingWallClock } from '../../platform/beijing-time';

/** What a downlink adapter is asked to deliver to one device. */
export interface DownlinkRequest {
  readonly platform: string;
  readonly deviceId: string;
  readonly imei: string | null;
  readonly commandId: string;
  /** The meter frame (DL/T 645 / CJ/T 188) to hand to the device. */
  readonly payload: Uint8Array;
  /** How long the platform may hold the command for a sleeping device. */
  readonly ttlSeconds: number;
  /** The meter and its address on the device: a gateway puts the frame on the bus of that meter. */
  readonly meterId?: string;
  readonly address?: string;
  readonly action?: string;
  /** A meter-side meter's purchase (its number and amount), for the gateway that seals it for the meter. */
  readonly purchase?: { readonly count: number; readonly amountFen: number };
  /** When the command was created (with its id, it finds the command again: the gateway's outbox checks a purchase is still due). */
  readonly commandCreatedAt?: string;
  /** Remote parameters to set, for the gateway that seals them for the meter (a clock sync takes the gateway's time as it goes out). */
  readonly params?: Readonly<Record<string, unknown>>;
}

/** One interface for every IoT platform's command API; the answer names the platform's task. */
export interface Downlink {
  send(request: DownlinkRequest): Promise<{ taskId: string }>;
}

type Fetch = typeof fetch;
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();

async function postJson(doFetch: Fetch, url: string, headers: Record<string, string>, body: string, what: string): Promise<unknown> {
  let response: Response;
  try {
    response = await doFetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(8000) });
  } catch (cause) {
    throw new AppError('downlink.unreachable', 502, `${what} could not be reached`, { cause });
  }
  const text = await response.text();
  if (!response.ok) throw new AppError('downlink.rejected', 502, `${what} answered ${response.status}: ${text.slice(0, 200)}`);
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new AppError('downlink.bad_answer', 502, `${what} answered something that is not JSON`, { cause });
  }
}

/**
 * Meters behind one of our gateways: a 4G gateway sits behind carrier NAT
 * and cannot be called, so a command waits, sent, in its gateway's outbox
 * (`GET /v1/webhooks/gateways/{gatewayId}/commands`) and the gateway reports
 * what the meter answered in its next batch. The task is the command itself.
 */
export function gatewayOutbox(outbox: () => GatewayOutboxStore): Downlink {
  return {
    async send(request) {
      if (!request.meterId || !request.address || !request.action) throw new AppError('downlink.bad_request', 500, 'A gateway command names its meter, address and action');
      await outbox().put({
        gatewayId: request.deviceId,
        meterId: request.meterId,
        address: request.address,
        action: request.action,
        commandId: request.commandId,
        ...(request.commandCreatedAt ? { createdAt: request.commandCreatedAt } : {}),
        frame: hex(request.payload),
        ...(request.purchase ? { purchase: request.purchase } : {}),
        ...(request.params ? { params: request.params } : {}),
        expiresAt: new Date(Date.now() + request.ttlSeconds * 1000).toISOString(),
      });
      return { taskId: request.commandId };
    },
  };
}

/** Where gateway commands wait (the table, through the gateway repository). */
export interface GatewayOutboxStore {
  put(command: { gatewayId: string; meterId: string; address: string; action: string; commandId: string; createdAt?: string; frame: string; purchase?: { count: number; amountFen: number }; params?: Readonly<Record<string, unknown>>; expiresAt: string }): Promise<void>;
}

/** The local meter simulator: `POST {url}/commands`. */
export function simulatorDownlink(baseUrl: string, doFetch: Fetch = fetch): Downlink {
  return {
    async send(request) {
      const answer = (await postJson(doFetch, `${baseUrl}/commands`, {}, JSON.stringify({ deviceId: request.deviceId, commandId: request.commandId, payloadHex: hex(request.payload) }), 'The meter simulator')) as { taskId?: unknown };
      if (typeof answer.taskId !== 'string') throw new AppError('downlink.bad_answer', 502, 'The simulator gave no taskId');
      return { taskId: answer.taskId };
    },
  };
}

/**
 * China Telecom CTWing (AEP) `POST /aep_device_command/command`, signed as
 * PROTOCOLS.md says: base64 HMAC-SHA1 with the app secret over
 * `application:{key}\ntimestamp:{t}\n` + sorted `k:v\n` query parameters + body + `\n`.
 */
export function ctwingDownlink(options: Config['iot']['ctwing'], now: () => Date, doFetch: Fetch = fetch): Downlink {
  return {
    async send(request) {
      const { appKey, appSecret, masterKey, productId, apiBase } = options;
      if (!appKey || !appSecret || !productId) throw new AppError('downlink.not_configured', 503, 'CTWING_APP_KEY, CTWING_APP_SECRET and CTWING_PRODUCT_ID are needed to send commands');
      const body = JSON.stringify({
        productId: Number(productId),
        deviceId: request.deviceId,
        operator: 'prepaid-platform',
        ttl: request.ttlSeconds,
        content: { dataType: 2, payload: hex(request.payload) },
      });
      const timestamp = String(now().getTime());
      const query: Record<string, string> = masterKey ? { MasterKey: masterKey } : {};
      const headers = { application: appKey, timestamp, version: '20190712225145', signature: ctwingSignature(appKey, appSecret, timestamp, query, body), ...query };
      const answer = (await postJson(doFetch, `${apiBase}/aep_device_command/command`, headers, body, 'CTWing')) as { code?: unknown; result?: { commandId?: unknown } };
      if (answer.code !== 0 || typeof answer.result?.commandId !== 'string') {
        throw new AppError('downlink.rejected', 502, `CTWing refused the command: ${JSON.stringify(answer).slice(0, 200)}`);
      }
      return { taskId: answer.result.commandId };
    },
  };
}

/** The CTWing API signature (exported for its test vector). */
export function ctwingSignature(appKey: string, appSecret: string, timestamp: string, params: Record<string, string>, body: string): string {
  const sorted = Object.keys(params).sort().map((key) => `${key}:${params[key]}\n`).join('');
  const text = `application:${appKey}\ntimestamp:${timestamp}\n${sorted}${body}\n`;
  return createHmac('sha1', appSecret).update(text).digest('base64');
}

/**
 * China Mobile OneNET cached ("offline") execute for sleeping NB-IoT devices:
 * `POST /nbiot/execute/offline?imei&obj_id&obj_inst_id&res_id&expired_time&retry`
 * with the master API key; the result comes back as a type-7 push carrying the
 * returned uuid. Parameter names follow OneNET's public API (unconfirmed here:
 * the resource path and base URL are configuration).
 */
export function onenetDownlink(options: Config['iot']['onenet'], now: () => Date, doFetch: Fetch = fetch): Downlink {
  return {
    async send(request) {
      if (!options.apiKey) throw new AppError('downlink.not_configured', 503, 'ONENET_API_KEY is needed to send commands');
      if (!request.imei) throw new AppError('downlink.not_configured', 503, 'OneNET addresses NB-IoT devices by IMEI: the meter has none');
      const [objId, instId, resId] = options.resource.split('/');
      // OneNET wants Beijing local time without an offset.
      const expiry = toBeijingWallClock(new Date(now().getTime() + request.ttlSeconds * 1000)).toISOString().slice(0, 19);
      const query = new URLSearchParams({ imei: request.imei, obj_id: objId!, obj_inst_id: instId!, res_id: resId!, expired_time: expiry, retry: '3' });
      const answer = (await postJson(doFetch, `${options.apiBase}/nbiot/execute/offline?${query}`, { 'api-key': options.apiKey }, JSON.stringify({ args: hex(request.payload) }), 'OneNET')) as {
        errno?: unknown;
        data?: { uuid?: unknown };
      };
      if (answer.errno !== 0 || typeof answer.data?.uuid !== 'string') {
        throw new AppError('downlink.rejected', 502, `OneNET refused the command: ${JSON.stringify(answer).slice(0, 200)}`);
      }
      return { taskId: answer.data.uuid };
    },
  };
}

/**
 * Huawei IoTDA asynchronous commands (`send_strategy: delay` holds them for a
 * sleeping device until it next reports): `POST /v5/iot/{project_id}/devices/{device_id}/async-commands`.
 * Authenticated with an IAM token from the environment; signing with AK/SK is
 * the production alternative and is not built here.
 */
export function iotdaDownlink(options: Config['iot']['iotda'], doFetch: Fetch = fetch): Downlink {
  return {
    async send(request) {
      const { apiBase, projectId, authToken } = options;
      if (!apiBase || !projectId || !authToken) throw new AppError('downlink.not_configured', 503, 'IOTDA_API_BASE, IOTDA_PROJECT_ID and IOTDA_AUTH_TOKEN are needed to send commands');
      const body = JSON.stringify({
        service_id: options.serviceId,
        command_name: options.commandName,
        paras: { payload: hex(request.payload) },
        expire_time: request.ttlSeconds,
        send_strategy: 'delay',
      });
      const url = `${apiBase}/v5/iot/${encodeURIComponent(projectId)}/devices/${encodeURIComponent(request.deviceId)}/async-commands`;
      const answer = (await postJson(doFetch, url, { 'X-Auth-Token': authToken }, body, 'IoTDA')) as { command_id?: unknown };
      if (typeof answer.command_id !== 'string') throw new AppError('downlink.rejected', 502, 'IoTDA gave no command_id');
      return { taskId: answer.command_id };
    },
  };
}
