/** Values the global setups hand to test files through vitest's `inject`. */
declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    dynamodbEndpoint: string;
    tableName: string;
    adminKey: string;
    /** The device platform the API sends commands to (tests/support/slow-platform.ts). */
    platformUrl: string;
    /** The WeChat Pay environment the API runs with (the sandbox's merchant and keys), for in-process deps that call the sandbox. */
    wechatPayEnv: Record<string, string>;
    webUrl: string;
    /** The local stack's push queue (webhooks answer once a push is queued; its consumer bills it). */
    pushQueue: { endpoint: string; url: string; deadLetterUrl: string };
    wechatPay: {
      sandboxUrl: string;
      mchid: string;
      appid: string;
      apiV3Key: string;
      certSerial: string;
      certPrivateKeyPem: string;
    };
  }
}

export const TEST_ADMIN_KEY = 'test-admin-key-not-secret';
