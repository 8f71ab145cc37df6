import { createPublicKey, type KeyObject } from 'node:crypto';
import { apiV3KeyBytes } from '../../functions/src/adapters/wechatpay/aead';
import type { SandboxOrder } from './book';
import { SandboxCore, type SandboxMerchant } from './core';
import type { DeliveryReport } from './delivery';
import { createSandboxServer } from './http';
import { loadOrCreateSandboxKeys, type SandboxKeyMode } from './keys';

export interface WechatPaySandboxOptions {
  /** 0 picks a free port. The server listens on 127.0.0.1 only. */
  readonly port: number;
  /** Post every notification here instead of the order's notify_url (the local API's webhook). */
  readonly notifyUrlOverride?: string;
  readonly merchant: SandboxMerchant & {
    /** Verifies the `Authorization` of our calls (PEM or key). */
    readonly merchantPublicKey: KeyObject | string;
    /** When given, calls must carry this `serial_no`. */
    readonly merchantSerial?: string;
  };
  /** Which kind of WeChat Pay key signs answers and notifications; `both` alternates between the two. */
  readonly keyMode: SandboxKeyMode;
  /** Keep the sandbox's keys (and the public PEMs the API reads) in this git-ignored folder. */
  readonly keyDir?: string;
  /** Delays before each retry of a notification not answered 2xx (default 250, 1000, 4000 ms). */
  readonly retryDelaysMs?: readonly number[];
  readonly notifyTimeoutMs?: number;
  /** How long a refund stays PROCESSING (default 50 ms). */
  readonly refundDelayMs?: number;
  readonly now?: () => Date;
  readonly log?: (line: string) => void;
}

export interface WechatPaySandbox {
  readonly url: string;
  /** Absent in `platform_cert` mode. */
  readonly publicKeyPem: string | undefined;
  readonly publicKeyId: string | undefined;
  /** Absent in `public_key` mode. */
  readonly platformCertPem: string | undefined;
  readonly platformCertSerial: string | undefined;
  /** The files the public halves were written to (with `keyDir`). */
  readonly files: { readonly publicKey?: string; readonly platformCert?: string };
  /** What `POST /sandbox/pay/{outTradeNo}` does: pays, then posts TRANSACTION.SUCCESS (awaited by `notification`). */
  pay(outTradeNo: string): Promise<{ transactionId: string; notification: Promise<DeliveryReport | undefined> }>;
  /** What `POST /sandbox/orphan` does: a paid order the platform never created. */
  orphan(input: { amountFen: number; openid?: string; description?: string; outTradeNo?: string; notifyUrl?: string }): Promise<{ outTradeNo: string; transactionId: string }>;
  orders(): readonly SandboxOrder[];
  deliveries(): readonly DeliveryReport[];
  /** Resolves once no notification or refund settlement is in flight. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A local stand-in for WeChat Pay API v3: JSAPI prepay, query, close,
 * refunds, trade bills, with signed answers and signed, encrypted
 * notifications, checking our requests' signatures like WeChat.
 *
 * @example
 * const sandbox = await startWechatPaySandbox({ port: 0, keyMode: 'public_key', merchant: { mchid, appid, apiV3Key, merchantPublicKey } });
 * // point the gateway at sandbox.url, prepay, then:
 * const { notification } = await sandbox.pay(outTradeNo);
 */
export async function startWechatPaySandbox(options: WechatPaySandboxOptions): Promise<WechatPaySandbox> {
  apiV3KeyBytes(options.merchant.apiV3Key);
  const now = options.now ?? (() => new Date());
  const keys = loadOrCreateSandboxKeys(options.keyMode, options.merchant.mchid, options.keyDir);
  let url = '';
  const core = new SandboxCore(
    {
      merchant: { mchid: options.merchant.mchid, appid: options.merchant.appid, apiV3Key: options.merchant.apiV3Key },
      notifyUrlOverride: options.notifyUrlOverride,
      retryDelaysMs: options.retryDelaysMs ?? [250, 1000, 4000],
      notifyTimeoutMs: options.notifyTimeoutMs ?? 5000,
      refundDelayMs: options.refundDelayMs ?? 50,
      now,
      log: options.log ?? (() => undefined),
    },
    keys,
    () => url,
  );
  const merchantPublicKey = typeof options.merchant.merchantPublicKey === 'string' ? createPublicKey(options.merchant.merchantPublicKey) : options.merchant.merchantPublicKey;
  const server = createSandboxServer(core, { mchid: options.merchant.mchid, merchantPublicKey, merchantSerial: options.merchant.merchantSerial, now });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : options.port}`;
  return {
    url,
    publicKeyPem: keys.publicKeyPem,
    publicKeyId: keys.publicKeyId,
    platformCertPem: keys.platformCertPem,
    platformCertSerial: keys.platformCertSerial,
    files: keys.files,
    async pay(outTradeNo) {
      const { order, notification } = core.pay(outTradeNo);
      return { transactionId: order.transactionId!, notification };
    },
    async orphan(input) {
      const order = core.orphan({ totalFen: input.amountFen, openid: input.openid, description: input.description, outTradeNo: input.outTradeNo, notifyUrl: input.notifyUrl });
      return { outTradeNo: order.outTradeNo, transactionId: order.transactionId! };
    },
    orders: () => core.book.list(),
    deliveries: () => core.deliveries,
    idle: () => core.idle(),
    async stop() {
      core.stop();
      await core.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
