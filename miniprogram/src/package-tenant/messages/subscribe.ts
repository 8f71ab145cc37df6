import Taro from '@tarojs/taro';

export type SubscribeAnswer = 'accept' | 'reject' | 'ban' | 'filter';

/**
 * Asks the user to allow one message of each template (it must follow a tap;
 * WeChat takes at most 3 templates a call). weapp: `wx.requestSubscribeMessage`.
 * H5 (the local demo, where there is no WeChat): the same question in the
 * browser's own dialog, answered for all the templates at once.
 */
export async function askToSubscribe(templateIds: readonly string[], question: string): Promise<Record<string, SubscribeAnswer>> {
  if (process.env.TARO_ENV === 'h5') {
    const confirm = window.confirm(question);
    return Object.fromEntries(templateIds.map((id) => [id, confirm ? 'accept' : 'reject']));
  }
  const answer = (await Taro.requestSubscribeMessage({ tmplIds: [...templateIds], entityIds: [] } as unknown as Parameters<typeof Taro.requestSubscribeMessage>[0])) as unknown as Record<string, string>;
  return Object.fromEntries(templateIds.map((id) => [id, (['accept', 'reject', 'ban', 'filter'].includes(answer[id] ?? '') ? answer[id] : 'reject') as SubscribeAnswer]));
}
