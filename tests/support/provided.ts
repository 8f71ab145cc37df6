/** Values the global setups hand to test files through vitest's `inject`. */
declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    dynamodbEndpoint: string;
    tableName: string;
    adminKey: string;
    webUrl: string;
  }
}

export const TEST_ADMIN_KEY = 'test-admin-key-not-secret';
