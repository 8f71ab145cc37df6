export { startWechatPaySandbox, type WechatPaySandbox, type WechatPaySandboxOptions } from './sandbox';
export { startLocalWechatPay, defaultSandboxDir, LOCAL_MERCHANT, type LocalWechatPay } from './local';
export { ABNORMAL_REFUND_WORD, REFUND_FAULT_WORDS, type SandboxOrder, type SandboxRefund } from './book';
export type { DeliveryReport, DeliveryAttempt } from './delivery';
export type { SandboxKeyMode } from './keys';
