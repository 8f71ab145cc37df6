import { randomUUID, type KeyObject } from 'node:crypto';
import { encryptResource } from './aead';
import { formatBeijingTime } from '../../platform/beijing-time';
import type { NotifiedRefund, NotifiedTransaction, RefundEventType } from './notification';
import { signWechatpayMessage } from './signature';

const SUMMARIES: Record<string, string> = {
  'TRANSACTION.SUCCESS': '支付成功',
  'REFUND.SUCCESS': '退款成功',
  'REFUND.ABNORMAL': '退款异常',
  'REFUND.CLOSED': '退款关闭',
};

export type NotificationPayload =
  | { eventType: 'TRANSACTION.SUCCESS'; resource: NotifiedTransaction }
  | { eventType: RefundEventType; resource: NotifiedRefund };

/**
 * The exact inverse of `verifyNotification`, for the sandbox and tests: the
 * headers and body WeChat Pay would POST for this event. `plaintext`, when
 * given, replaces the JSON of `resource` (to test malformed resources).
 *
 * @example
 * const { headers, body } = signNotification({ privateKey, serial: 'PUB_KEY_ID_0114…', apiV3Key, now, eventType: 'TRANSACTION.SUCCESS', resource });
 * await fetch(notifyUrl, { method: 'POST', headers, body });
 */
export function signNotification(
  options: NotificationPayload & {
    privateKey: KeyObject;
    serial: string;
    apiV3Key: string;
    now: Date;
    id?: string;
    plaintext?: string;
  },
): { headers: Record<string, string>; body: string } {
  const originalType = options.eventType === 'TRANSACTION.SUCCESS' ? 'transaction' : 'refund';
  const resource = encryptResource({
    apiV3Key: options.apiV3Key,
    plaintext: options.plaintext ?? JSON.stringify(options.resource),
    associatedData: originalType,
    originalType,
  });
  const body = JSON.stringify({
    id: options.id ?? randomUUID(),
    create_time: formatBeijingTime(options.now),
    resource_type: 'encrypt-resource',
    event_type: options.eventType,
    summary: SUMMARIES[options.eventType],
    resource,
  });
  const headers = signWechatpayMessage({ privateKey: options.privateKey, serial: options.serial, body, now: options.now });
  return { headers: { 'Content-Type': 'application/json', ...headers }, body };
}
