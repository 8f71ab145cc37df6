/** Values the global setups hand to test files through vitest's `inject`. */
declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    dynamodbEndpoint: string;
    tableName: string;
    adminKey: string;
    webUrl: string;
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
