import Taro from '@tarojs/taro';

/**
 * Asks before a dangerous action (a cut, a refund). weapp: WeChat's modal;
 * H5 (the local demo and the browser tests): the browser's own dialog.
 */
export async function confirmAction(text: string): Promise<boolean> {
  if (process.env.TARO_ENV === 'h5') return window.confirm(text);
  const answer = await Taro.showModal({ title: text, content: '' });
  return answer.confirm;
}

/** A key that makes a retried money action the same request (the API answers the first result). */
export const newIdempotencyKey = (): string => `mp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
