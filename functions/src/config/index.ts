import * as z from 'zod';
import { accessFrom, secretGroupsOf, type Access } from '../platform/access';
import { NOTIFICATION_KINDS, type NotificationKind } from '@prepaid/shared';
import type { TencentSmsOptions } from '../adapters/notify/tencent-sms';
import type { WechatPayConfig } from '../adapters/wechatpay';

/**
 * The environment of CONTRACT.md, parsed once. Every variable is optional
 * locally; `loadConfig` fills the local defaults so `npm start` needs none.
 */
const EnvSchema = z.object({
  STAGE: z.string().default('local'),
  APP_VERSION: z.string().default('0.1.0'),
  TABLE_NAME: z.string().default('prepaid-local'),
  DYNAMODB_ENDPOINT: z.string().optional(),
  AWS_REGION: z.string().default('ap-east-1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BOOTSTRAP_ADMIN_KEY: z.string().optional(),
  WECHAT_MODE: z.enum(['local', 'live']).optional(),
  WECHAT_APPID: z.string().optional(),
  WECHAT_SECRET: z.string().optional(),
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  MAX_AMOUNT_FEN: z.coerce.number().int().positive().max(10_000_000).default(10_000_000),
  COMMAND_TTL_HOURS: z.coerce.number().int().positive().max(24 * 30).default(24),
  /** How far back a reading older than the meter's last one still takes its place in the history (NB-IoT water meters keep 30–45 days). */
  READING_HISTORY_DAYS: z.coerce.number().int().positive().max(400).default(45),
  DLT645_PASSWORD: z.string().regex(/^[0-9A-Fa-f]{8}$/).default('02000000'),
  DLT645_OPERATOR: z.string().regex(/^[0-9A-Fa-f]{8}$/).default('00000000'),
  /** close_direct: power comes back at once; close_allowed: the tenant presses the meter's button. */
  DLT645_RESTORE: z.enum(['close_direct', 'close_allowed']).default('close_direct'),
  SIMULATOR_URL: z.string().url().default('http://127.0.0.1:3100'),
  /** `simulator`: every platform's commands go to the local meter simulator (the default on local stages). */
  DOWNLINK_MODE: z.enum(['live', 'simulator']).optional(),
  CTWING_PUSH_TOKEN: z.string().optional(),
  CTWING_API_BASE: z.string().url().default('https://ag-api.ctwing.cn'),
  CTWING_APP_KEY: z.string().optional(),
  CTWING_APP_SECRET: z.string().optional(),
  CTWING_MASTER_KEY: z.string().optional(),
  CTWING_PRODUCT_ID: z.string().optional(),
  ONENET_TOKEN: z.string().optional(),
  ONENET_API_BASE: z.string().url().default('https://api.heclouds.com'),
  ONENET_API_KEY: z.string().optional(),
  /** LwM2M object/instance/resource the meter's transparent channel listens on. */
  ONENET_RESOURCE: z.string().regex(/^\d+\/\d+\/\d+$/).default('3200/0/5750'),
  IOTDA_API_BASE: z.string().url().optional(),
  IOTDA_PROJECT_ID: z.string().optional(),
  IOTDA_AUTH_TOKEN: z.string().optional(),
  IOTDA_SERVICE_ID: z.string().default('Meter'),
  IOTDA_COMMAND_NAME: z.string().default('Control'),
  IOTDA_PUSH_TOKEN: z.string().optional(),
  WECHATPAY_MODE: z.enum(['sandbox', 'live']).optional(),
  WECHATPAY_SANDBOX_URL: z.string().url().default('http://127.0.0.1:3200'),
  WECHATPAY_NOTIFY_URL: z.string().url().optional(),
  WECHATPAY_MCHID: z.string().optional(),
  WECHATPAY_APIV3_KEY: z.string().optional(),
  WECHATPAY_PUBLIC_KEY_ID: z.string().optional(),
  WECHATPAY_PUBLIC_KEY_FILE: z.string().optional(),
  WECHATPAY_PLATFORM_CERT_FILES: z.string().optional(),
  WECHATPAY_MERCHANT_PRIVATE_KEY_FILE: z.string().optional(),
  WECHATPAY_MERCHANT_SERIAL: z.string().optional(),
  /** The `react` function that runs work after an answer (set by serverless.yml; unset: inline, in-process). */
  REACT_FUNCTION_NAME: z.string().optional(),
  /** Locally, serverless-offline's Lambda Invoke endpoint. */
  LAMBDA_ENDPOINT: z.string().url().optional(),
  /** The FIFO queue webhooks hand pushes to (set by serverless.yml on AWS, by the local stack locally); unset: a push is processed in its request. */
  PUSH_QUEUE_URL: z.string().url().optional(),
  /** Locally, the embedded SQS-compatible server. */
  SQS_ENDPOINT: z.string().url().optional(),
  /** Where exports are written (S3 bucket); unset: exports answer 503 export.unavailable. */
  EXPORT_BUCKET: z.string().regex(/^[a-z0-9.-]{3,63}$/).optional(),
  /** Locally, the embedded S3-compatible server (path-style addressing). */
  S3_ENDPOINT: z.string().url().optional(),
  /** The function that writes an export after its request is answered (set by serverless.yml; unset: in-process, after the answer). */
  EXPORT_FUNCTION_NAME: z.string().optional(),
  /** How long an export's download link works. */
  EXPORT_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 86_400).default(3_600),
  SESSION_TTL_HOURS: z.coerce.number().int().positive().max(24 * 90).default(24 * 30),
  /** Subscription-message template ids, one per kind (from the merchant's WeChat console); locally `local-<kind>`. */
  WECHAT_TEMPLATE_LOW_BALANCE: z.string().max(64).optional(),
  WECHAT_TEMPLATE_SUPPLY_CUT: z.string().max(64).optional(),
  WECHAT_TEMPLATE_SUPPLY_RESTORED: z.string().max(64).optional(),
  WECHAT_TEMPLATE_RECHARGE_CREDITED: z.string().max(64).optional(),
  WECHAT_TEMPLATE_REFUND_DECIDED: z.string().max(64).optional(),
  /** Managers: a new alarm in their buildings. */
  WECHAT_TEMPLATE_ALARM: z.string().max(64).optional(),
  /** Which version of the mini-program a printed QR code opens (`wxacode.getUnlimited`'s env_version). */
  WECHAT_QR_ENV: z.enum(['release', 'trial', 'develop']).default('release'),
  /** Locally, where the QR codes drawn here point: the H5 build. */
  QR_H5_BASE_URL: z.string().url().default('http://127.0.0.1:8080'),
  /** Which version of the mini-program a message opens. */
  WECHAT_MINIPROGRAM_STATE: z.enum(['formal', 'trial', 'developer']).default('formal'),
  /** `local`: the record is the outbox, nothing leaves; `tencent`: Tencent Cloud SMS; `off`: no SMS. */
  SMS_MODE: z.enum(['local', 'tencent', 'off']).optional(),
  TENCENT_SMS_SECRET_ID: z.string().optional(),
  TENCENT_SMS_SECRET_KEY: z.string().optional(),
  TENCENT_SMS_SDK_APP_ID: z.string().optional(),
  TENCENT_SMS_SIGN_NAME: z.string().optional(),
  TENCENT_SMS_REGION: z.string().default('ap-guangzhou'),
  /** The API host (tests point it at a local fake: `127.0.0.1:<port>` with TENCENT_SMS_PROTOCOL=http://). */
  TENCENT_SMS_ENDPOINT: z.string().default('sms.tencentcloudapi.com'),
  TENCENT_SMS_PROTOCOL: z.enum(['https://', 'http://']).default('https://'),
  SMS_TEMPLATE_LOW_BALANCE: z.string().max(32).optional(),
  SMS_TEMPLATE_SUPPLY_CUT: z.string().max(32).optional(),
  SMS_TEMPLATE_SUPPLY_RESTORED: z.string().max(32).optional(),
  SMS_TEMPLATE_RECHARGE_CREDITED: z.string().max(32).optional(),
  SMS_TEMPLATE_REFUND_DECIDED: z.string().max(32).optional(),
  SMS_TEMPLATE_ALARM: z.string().max(32).optional(),
  /** Most one-time subscription grants counted per tenant and kind. */
  NOTIFY_MAX_GRANTS: z.coerce.number().int().positive().max(1000).default(50),
  /** Seals third parties' API secrets in the table (≥ 32 characters; from a secret store when deployed). Without it no key is made or accepted. */
  API_KEY_SEALING_KEY: z.string().min(32).optional(),
  /** Signed requests one API key may make a minute. */
  API_KEY_RATE_PER_MINUTE: z.coerce.number().int().positive().max(100_000).default(600),
});

/** Every setting the configuration reads (the deploy template must pass each an operator sets: see deploy-template.int.test.ts). */
export const SETTING_NAMES = Object.keys(EnvSchema.shape);

const LOCAL_STAGES = new Set(['local', 'test']);

/** Webhook secrets default to known values only on local stages; a deployed stage without one accepts no push. */
const localDefault = (stage: string, value: string): string | undefined => (LOCAL_STAGES.has(stage) ? value : undefined);

export interface Config {
  readonly stage: string;
  /** What this function may do (ACCESS, from its `access:` in serverless.yml); null: unrestricted (tests, scripts). */
  readonly access: Access | null;
  readonly version: string;
  readonly tableName: string;
  /** Set locally (DynamoDB Local); absent on AWS. */
  readonly dynamodbEndpoint: string | undefined;
  readonly region: string;
  readonly logLevel: string;
  readonly bootstrapAdminKey: string | undefined;
  readonly apiKeys: { readonly sealingKey: string | undefined; readonly perMinute: number };
  readonly wechat: {
    readonly mode: 'local' | 'live';
    readonly appId: string | undefined;
    readonly secret: string | undefined;
    readonly apiBase: string;
    readonly qrEnv: 'release' | 'trial' | 'develop';
    readonly qrH5BaseUrl: string;
  };
  readonly sessionTtlHours: number;
  readonly reactFunctionName: string | undefined;
  readonly exports: { readonly bucket: string | undefined; readonly s3Endpoint: string | undefined; readonly functionName: string | undefined; readonly urlTtlSeconds: number };
  readonly lambdaEndpoint: string | undefined;
  /** Where authenticated pushes wait for processing in order (per device); without a queue, a push is processed in its request. */
  readonly pushQueue: { readonly url: string; readonly endpoint: string | undefined } | undefined;
  readonly commands: {
    readonly ttlHours: number;
    readonly dlt645Password: string;
    readonly dlt645Operator: string;
    readonly dlt645Restore: 'close_direct' | 'close_allowed';
  };
  readonly iot: {
    readonly simulatorUrl: string;
    readonly downlinkMode: 'live' | 'simulator';
    readonly ctwing: { pushToken?: string; apiBase: string; appKey?: string; appSecret?: string; masterKey?: string; productId?: string };
    readonly onenetToken?: string;
    readonly onenet: { apiBase: string; apiKey?: string; resource: string };
    readonly iotda: { apiBase?: string; projectId?: string; authToken?: string; serviceId: string; commandName: string };
    readonly iotdaPushToken?: string;
  };
  /** WeChat Pay (see adapters/wechatpay): where it runs, the merchant, the keys, and our notification URL. */
  readonly payments: WechatPayConfig & { readonly notifyUrl: string };
  /** Largest single payment, recharge or refund, in fen (CONTRACT: 10,000,000 unless lowered). */
  readonly maxAmountFen: number;
  /** Days back a late reading still takes its place in a meter's history; older ones are quarantined. */
  readonly readingHistoryDays: number;
  /** How tenants are told (CONTRACT: notifications): template ids per kind (absent: that kind has no WeChat template), SMS. */
  readonly notify: {
    readonly templates: Readonly<Partial<Record<NotificationKind, string>>>;
    readonly miniprogramState: 'formal' | 'trial' | 'developer';
    readonly maxGrants: number;
    readonly sms:
      | { readonly mode: 'local' | 'off' }
      | (TencentSmsOptions & { readonly mode: 'tencent'; readonly templates: Readonly<Partial<Record<NotificationKind, string>>> });
  };
}

/**
 * A deployed stage never runs on stand-ins: `local:` login codes would let
 * anyone log in as anyone, and the sandbox would "pay" with no money. Such a
 * configuration is a mistake to stop on, not a default to fall back from.
 */
function refuseLocalModesWhenDeployed(parsed: z.infer<typeof EnvSchema>): void {
  if (LOCAL_STAGES.has(parsed.STAGE)) return;
  const wrong = [parsed.WECHAT_MODE === 'local' ? 'WECHAT_MODE=local' : null, parsed.WECHATPAY_MODE === 'sandbox' ? 'WECHATPAY_MODE=sandbox' : null].filter(Boolean);
  if (wrong.length > 0) throw new Error(`Stage "${parsed.STAGE}" is deployed: ${wrong.join(' and ')} ${wrong.length > 1 ? 'are' : 'is'} for local stages (${[...LOCAL_STAGES].join(', ')}) only`);
}

/** The WeChat login and QR-code settings. */
function wechatOf(parsed: z.infer<typeof EnvSchema>): Config['wechat'] {
  return {
    // Unset means local only on local stages: a deployed stage never silently accepts `local:` codes.
    mode: parsed.WECHAT_MODE ?? (LOCAL_STAGES.has(parsed.STAGE) ? 'local' : 'live'),
    appId: parsed.WECHAT_APPID,
    secret: parsed.WECHAT_SECRET,
    apiBase: parsed.WECHAT_API_BASE,
    qrEnv: parsed.WECHAT_QR_ENV,
    qrH5BaseUrl: parsed.QR_H5_BASE_URL,
  };
}

/** Parses `env` (default: `process.env`); an empty string counts as unset. A deployed stage with a local-only mode throws. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = EnvSchema.parse(cleaned);
  refuseLocalModesWhenDeployed(parsed);
  return {
    stage: parsed.STAGE,
    access: accessFrom(env),
    version: parsed.APP_VERSION,
    tableName: parsed.TABLE_NAME,
    dynamodbEndpoint: parsed.DYNAMODB_ENDPOINT,
    region: parsed.AWS_REGION,
    logLevel: parsed.LOG_LEVEL,
    bootstrapAdminKey: parsed.BOOTSTRAP_ADMIN_KEY,
    apiKeys: { sealingKey: parsed.API_KEY_SEALING_KEY ?? localDefault(parsed.STAGE, 'local-api-key-sealing-key-not-a-secret'), perMinute: parsed.API_KEY_RATE_PER_MINUTE },
    wechat: wechatOf(parsed),
    sessionTtlHours: parsed.SESSION_TTL_HOURS,
    reactFunctionName: parsed.REACT_FUNCTION_NAME,
    exports: { bucket: parsed.EXPORT_BUCKET, s3Endpoint: parsed.S3_ENDPOINT, functionName: parsed.EXPORT_FUNCTION_NAME, urlTtlSeconds: parsed.EXPORT_URL_TTL_SECONDS },
    lambdaEndpoint: parsed.LAMBDA_ENDPOINT,
    pushQueue: parsed.PUSH_QUEUE_URL ? { url: parsed.PUSH_QUEUE_URL, endpoint: parsed.SQS_ENDPOINT } : undefined,
    maxAmountFen: parsed.MAX_AMOUNT_FEN,
    readingHistoryDays: parsed.READING_HISTORY_DAYS,
    notify: notifyConfig(parsed, secretGroupsOf(accessFrom(env)).includes('sms')),
    payments: {
      mode: parsed.WECHATPAY_MODE ?? (LOCAL_STAGES.has(parsed.STAGE) ? 'sandbox' : 'live'),
      sandboxUrl: parsed.WECHATPAY_SANDBOX_URL,
      notifyUrl: parsed.WECHATPAY_NOTIFY_URL ?? 'http://127.0.0.1:3000/v1/webhooks/wechatpay',
      mchid: parsed.WECHATPAY_MCHID,
      appid: parsed.WECHAT_APPID,
      apiV3Key: parsed.WECHATPAY_APIV3_KEY,
      publicKeyId: parsed.WECHATPAY_PUBLIC_KEY_ID,
      publicKeyFile: parsed.WECHATPAY_PUBLIC_KEY_FILE,
      platformCertFiles: (parsed.WECHATPAY_PLATFORM_CERT_FILES ?? '').split(',').map((file) => file.trim()).filter(Boolean),
      merchantPrivateKeyFile: parsed.WECHATPAY_MERCHANT_PRIVATE_KEY_FILE,
      merchantSerial: parsed.WECHATPAY_MERCHANT_SERIAL,
    },
    commands: {
      ttlHours: parsed.COMMAND_TTL_HOURS,
      dlt645Password: parsed.DLT645_PASSWORD,
      dlt645Operator: parsed.DLT645_OPERATOR,
      dlt645Restore: parsed.DLT645_RESTORE,
    },
    iot: {
      simulatorUrl: parsed.SIMULATOR_URL,
      downlinkMode: parsed.DOWNLINK_MODE ?? (LOCAL_STAGES.has(parsed.STAGE) ? 'simulator' : 'live'),
      ctwing: {
        pushToken: parsed.CTWING_PUSH_TOKEN ?? localDefault(parsed.STAGE, 'local-ctwing-token'),
        apiBase: parsed.CTWING_API_BASE,
        appKey: parsed.CTWING_APP_KEY,
        appSecret: parsed.CTWING_APP_SECRET,
        masterKey: parsed.CTWING_MASTER_KEY,
        productId: parsed.CTWING_PRODUCT_ID,
      },
      onenetToken: parsed.ONENET_TOKEN ?? localDefault(parsed.STAGE, 'local-onenet-token'),
      iotdaPushToken: parsed.IOTDA_PUSH_TOKEN ?? localDefault(parsed.STAGE, 'local-iotda-token'),
      onenet: { apiBase: parsed.ONENET_API_BASE, apiKey: parsed.ONENET_API_KEY, resource: parsed.ONENET_RESOURCE },
      iotda: {
        apiBase: parsed.IOTDA_API_BASE,
        projectId: parsed.IOTDA_PROJECT_ID,
        authToken: parsed.IOTDA_AUTH_TOKEN,
        serviceId: parsed.IOTDA_SERVICE_ID,
        commandName: parsed.IOTDA_COMMAND_NAME,
      },
    },
  };
}

/** Template ids by kind: set ones, or `local-<kind>` where nothing leaves the machine. */
function notifyConfig(parsed: z.infer<typeof EnvSchema>, holdsSms: boolean): Config['notify'] {
  const local = LOCAL_STAGES.has(parsed.STAGE);
  const wechatLocal = (parsed.WECHAT_MODE ?? (local ? 'local' : 'live')) === 'local';
  const pick = (values: Record<NotificationKind, string | undefined>, fallback: (kind: NotificationKind) => string | undefined) =>
    Object.fromEntries(NOTIFICATION_KINDS.flatMap((kind) => {
      const id = values[kind] ?? fallback(kind);
      return id ? [[kind, id]] : [];
    })) as Partial<Record<NotificationKind, string>>;
  const templates = pick(
    {
      low_balance: parsed.WECHAT_TEMPLATE_LOW_BALANCE,
      supply_cut: parsed.WECHAT_TEMPLATE_SUPPLY_CUT,
      supply_restored: parsed.WECHAT_TEMPLATE_SUPPLY_RESTORED,
      recharge_credited: parsed.WECHAT_TEMPLATE_RECHARGE_CREDITED,
      refund_decided: parsed.WECHAT_TEMPLATE_REFUND_DECIDED,
      alarm: parsed.WECHAT_TEMPLATE_ALARM,
    },
    (kind) => (wechatLocal ? `local-${kind}` : undefined),
  );
  // A function that may not read the SMS credentials (its ACCESS) sends no SMS: it is not asked for them.
  const smsMode = parsed.SMS_MODE === 'tencent' && !holdsSms ? 'off' : (parsed.SMS_MODE ?? (local ? 'local' : 'off'));
  if (smsMode !== 'tencent') return { templates, miniprogramState: parsed.WECHAT_MINIPROGRAM_STATE, maxGrants: parsed.NOTIFY_MAX_GRANTS, sms: { mode: smsMode } };
  const { TENCENT_SMS_SECRET_ID: secretId, TENCENT_SMS_SECRET_KEY: secretKey, TENCENT_SMS_SDK_APP_ID: sdkAppId, TENCENT_SMS_SIGN_NAME: signName } = parsed;
  if (!secretId || !secretKey || !sdkAppId || !signName) throw new Error('SMS_MODE=tencent needs TENCENT_SMS_SECRET_ID, TENCENT_SMS_SECRET_KEY, TENCENT_SMS_SDK_APP_ID and TENCENT_SMS_SIGN_NAME');
  return {
    templates,
    miniprogramState: parsed.WECHAT_MINIPROGRAM_STATE,
    maxGrants: parsed.NOTIFY_MAX_GRANTS,
    sms: {
      mode: 'tencent',
      secretId,
      secretKey,
      sdkAppId,
      signName,
      region: parsed.TENCENT_SMS_REGION,
      endpoint: parsed.TENCENT_SMS_ENDPOINT,
      protocol: parsed.TENCENT_SMS_PROTOCOL,
      templates: pick(
        {
          low_balance: parsed.SMS_TEMPLATE_LOW_BALANCE,
          supply_cut: parsed.SMS_TEMPLATE_SUPPLY_CUT,
          supply_restored: parsed.SMS_TEMPLATE_SUPPLY_RESTORED,
          recharge_credited: parsed.SMS_TEMPLATE_RECHARGE_CREDITED,
          refund_decided: parsed.SMS_TEMPLATE_REFUND_DECIDED,
          alarm: parsed.SMS_TEMPLATE_ALARM,
        },
        () => undefined,
      ),
    },
  };
}
