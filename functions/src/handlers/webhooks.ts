import { AppError, unauthorized } from '@prepaid/shared';
import * as z from 'zod';
import { parseCtwingPush } from '../adapters/iot/ctwing';
import type { IotEvent, Platform } from '../adapters/iot/events';
import { parseIotdaPush } from '../adapters/iot/iotda';
import { onenetSignature, parseOnenetMsg, rawMsgOf } from '../adapters/iot/onenet';
import type { Deps } from '../deps';
import { declared, route, type HttpRequest } from '../http';
import { sameSecret } from '../services/auth';
import { pushGroupOf } from '../adapters/iot/parse';
import { handlePush } from '../services/iot-ingest';

/** Wrong or missing secret: 401 before anything is read or written. A deployment without the secret accepts nothing. */
function checkSecret(given: string | undefined, expected: string | undefined): void {
  if (!expected || !given || !sameSecret(given, expected)) throw unauthorized('Bad or missing push token');
}

/** A body that is not the platform's format is a 400 naming what failed; nothing is written. */
function parseEnvelope<T>(parse: () => T, platform: string): T {
  try {
    return parse();
  } catch (cause) {
    const detail = cause instanceof z.ZodError ? cause.issues[0] : undefined;
    throw new AppError('webhook.malformed', 400, `Not a ${platform} push${detail ? `: ${detail.path.join('.')} ${detail.message}` : ''}`, {
      cause,
      details: { field: detail ? `body.${detail.path.join('.')}` : 'body' },
    });
  }
}

/** A push is a few hundred bytes; one past this is no platform's (and would not fit a queued message): 413, nothing written. */
const MAX_PUSH_BYTES = 64 * 1024;

function checkSize(request: HttpRequest<unknown, unknown, unknown>): void {
  if (Buffer.byteLength(request.rawBody, 'utf8') > MAX_PUSH_BYTES) {
    throw new AppError('webhook.too_large', 413, `A push is at most ${MAX_PUSH_BYTES} bytes`, { details: { field: 'body' } });
  }
}

/**
 * An authenticated, well-formed push. With a queue (on AWS, and in the local
 * stack) it is queued in its device's group and answered at once: a burst or
 * a meter's backlog never keeps a platform waiting, and a device's pushes
 * bill one at a time in order (see `consumePushes`). Without one (in-process
 * tests and scripts) it is processed before the answer. A push that means
 * nothing to us is recorded at once either way.
 */
async function accept(deps: Deps, platform: Platform, request: HttpRequest<unknown, unknown, unknown>, event: IotEvent) {
  const receivedAt = deps.clock.now();
  if (deps.pushQueue && event.type !== 'ignored') {
    await deps.pushQueue.enqueue({ platform, raw: request.rawBody, receivedAt: receivedAt.toISOString() }, pushGroupOf(platform, event));
    return { status: 200, body: { code: 'SUCCESS', outcome: 'queued' } };
  }
  const result = await handlePush(deps, platform, request.rawBody, event, receivedAt);
  return { status: 200, body: { code: 'SUCCESS', outcome: result.outcome } };
}

/** A push's handling, counted: accepted when answered, rejected when refused with a 4xx (metrics PushesAccepted, PushesRejected). */
export async function countedPush<T>(deps: Deps, handle: () => Promise<T>): Promise<T> {
  try {
    const answer = await handle();
    deps.metrics.add('PushesAccepted', 1);
    return answer;
  } catch (error) {
    if (error instanceof AppError && error.status < 500) deps.metrics.add('PushesRejected', 1);
    throw error;
  }
}

/** `POST /v1/webhooks/ctwing?token=…`: CTWing dataReport, deviceOnlineOfflineReport, commandResponse. */
export const ctwing = route(declared('POST /v1/webhooks/ctwing'), (request, deps) =>
  countedPush(deps, async () => {
    checkSecret(request.query.token, deps.config.iot.ctwing.pushToken);
    checkSize(request);
    const event = parseEnvelope(() => parseCtwingPush(JSON.parse(request.rawBody)), 'CTWing');
    return accept(deps, 'ctwing', request, event);
  }),
);

/** `POST /v1/webhooks/iotda?token=…`: IoTDA device.property, device.message, device.command.status. */
export const iotda = route(declared('POST /v1/webhooks/iotda'), (request, deps) =>
  countedPush(deps, async () => {
    checkSecret(request.query.token, deps.config.iot.iotdaPushToken);
    checkSize(request);
    const event = parseEnvelope(() => parseIotdaPush(JSON.parse(request.rawBody), deps.clock.now()), 'IoTDA');
    return accept(deps, 'iotda', request, event);
  }),
);

/** `GET /v1/webhooks/onenet?msg&nonce&signature`: OneNET's URL check, answered with the bare `msg`. */
export const onenetCheck = route(declared('GET /v1/webhooks/onenet'), async (request, deps) => {
  const token = deps.config.iot.onenetToken;
  const { msg, nonce, signature } = request.query;
  if (!token || !sameSecret(signature, onenetSignature(token, nonce, msg))) throw unauthorized('Bad OneNET signature');
  return { status: 200, text: msg };
});

/**
 * A signed OneNET push is fresh: its `at` (when the platform took the data
 * point) lies within a day before now and a few minutes after. A push
 * captured and sent again later verifies, so the signature alone cannot
 * refuse it.
 */
const ONENET_FRESH_PAST_MS = 24 * 3_600_000;
const ONENET_FRESH_FUTURE_MS = 10 * 60_000;

/** `POST /v1/webhooks/onenet`: signed pushes of types 1 (data), 2 (online/offline) and 7 (cached command results). */
export const onenet = route(declared('POST /v1/webhooks/onenet'), (request, deps) =>
  countedPush(deps, async () => {
    const token = deps.config.iot.onenetToken;
    checkSize(request);
    const push = parseEnvelope(() => rawMsgOf(request.rawBody), 'OneNET');
    if (!token || !sameSecret(push.signature, onenetSignature(token, push.nonce, push.msg))) throw unauthorized('Bad OneNET signature');
    const event = parseEnvelope(() => parseOnenetMsg(push.parsed), 'OneNET');
    if ('at' in event) {
      const ageMs = deps.clock.now().getTime() - event.at.getTime();
      if (!(ageMs <= ONENET_FRESH_PAST_MS && ageMs >= -ONENET_FRESH_FUTURE_MS)) {
        throw new AppError('webhook.replayed', 401, 'The OneNET push is outside its time window (a replay, or a clock far off)');
      }
    }
    return accept(deps, 'onenet', request, event);
  }),
);
