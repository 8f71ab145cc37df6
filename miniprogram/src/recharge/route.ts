import Taro from '@tarojs/taro';
import { pagePath, pageUrl } from '../routes';

/** The recharge page (in the tenant subpackage). */
export const RECHARGE_PAGE_PATH = pagePath('recharge');

/** The URL of a meter's recharge page, its id in the query (`?meterId=E-1001`). */
export function rechargePageUrl(meterId: string): string {
  return pageUrl('recharge', { meterId });
}

/** Opens the recharge page of a meter on top of the current page (back returns to it). */
export function openRechargePage(meterId: string): void {
  void Taro.navigateTo({ url: rechargePageUrl(meterId) });
}
