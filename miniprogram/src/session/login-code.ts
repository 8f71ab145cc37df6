import Taro from '@tarojs/taro';
import { resolveDemoOpenid } from './demo-openid';

/**
 * The code to send to POST /v1/auth/login. In WeChat it is a fresh `wx.login` code;
 * H5 has no wx.login, so it is the local-mode code `local:<openid>`, which the API
 * accepts only when it runs with WECHAT_MODE=local.
 */
export async function obtainLoginCode(): Promise<string> {
  if (process.env.TARO_ENV === 'h5') return `local:${resolveDemoOpenid()}`;
  const { code } = await Taro.login();
  return code;
}
