export * from './types';
export * from './errors';
export { createWechatPayGateway, type WechatPayGatewayOptions } from './gateway';
export { createWechatPayGatewayFromConfig, type WechatPayConfig } from './from-config';
export { loadVerificationKeys, PUBLIC_KEY_ID_PREFIX, type WechatPayVerificationKeys } from './keys';
export {
  verifyNotification,
  checkMerchant,
  NotifiedTransaction,
  NotifiedRefund,
  TradeState,
  RefundStatus,
  type VerifiedNotification,
  type NotificationInput,
  type RefundEventType,
} from './notification';
export { signNotification, type NotificationPayload } from './notification-sign';
export { encryptResource, decryptResource, type EncryptedResource } from './aead';
export { signWechatpayMessage, verifyWechatpaySignature, type HeaderBag } from './signature';
export { parseTradeBill, formatTradeBill, parseYuanToFen, type TradeBillRow } from './bill';
export { formatBeijingTime, beijingDate } from '../../platform/beijing-time';
export { WECHATPAY_API_HOST } from './transport';
