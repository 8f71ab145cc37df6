import Taro from '@tarojs/taro';

/** The recharge page as registered in app.config.ts. */
export const RECHARGE_PAGE_PATH = '/pages/recharge/index';

/** '/pages/recharge/index?meterId=E-1001' */
export function rechargePageUrl(meterId: string): string {
  return `${RECHARGE_PAGE_PATH}?meterId=${encodeURIComponent(meterId)}`;
}

/** Opens the recharge page of a meter on top of the current page (back returns to it). */
export function openRechargePage(meterId: string): void {
  void Taro.navigateTo({ url: rechargePageUrl(meterId) });
}
