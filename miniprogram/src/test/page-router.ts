import { Current } from '@tarojs/runtime';

/** Makes the next rendered page see `path?params`, as Taro's router would. */
export function openPageAt(path: string, params: Record<string, string>): void {
  Current.router = { params, path, $taroPath: path, onReady: '', onHide: '', onShow: '' };
}

/** Forgets the page address set by {@link openPageAt}. */
export function closePage(): void {
  Current.router = null;
}
