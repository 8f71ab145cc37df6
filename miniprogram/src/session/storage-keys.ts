/** Keys this app writes with Taro.setStorageSync; one place so logout can clear them all. */
export const STORAGE_KEYS = {
  token: 'prepaid.session.token',
  openid: 'prepaid.session.openid',
  demoOpenid: 'prepaid.demo.openid',
} as const;
