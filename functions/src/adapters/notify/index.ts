export * from './types';
export { liveWeChatMessages, type TokenCache } from './wechat-messages';
export { tencentSms, type TencentSmsOptions } from './tencent-sms';
