import { parseCtwingPush } from './ctwing';
import type { IotEvent, Platform } from './events';
import { parseIotdaPush } from './iotda';
import { parseOnenetMsg, rawMsgOf } from './onenet';

/**
 * What an authenticated push means, from its body exactly as received. The
 * webhook parses it to refuse what is malformed; the queue's consumer parses
 * the same bytes again (a pure, cheap step), so a queued message is the raw
 * push itself and nothing derived from it can drift.
 */
export function eventOfPush(platform: Platform, raw: string, receivedAt: Date): IotEvent {
  switch (platform) {
    case 'ctwing':
      return parseCtwingPush(JSON.parse(raw));
    case 'iotda':
      return parseIotdaPush(JSON.parse(raw), receivedAt);
    case 'onenet':
      return parseOnenetMsg(rawMsgOf(raw).parsed);
  }
}

/** The order that matters is a device's: its pushes form one group (a command's answer without a device, its task). */
export function pushGroupOf(platform: Platform, event: IotEvent): string {
  if ('deviceId' in event && event.deviceId) return `${platform}:${event.deviceId}`;
  if (event.type === 'command_result') return `${platform}:task:${event.taskId}`;
  return `${platform}:other`;
}
