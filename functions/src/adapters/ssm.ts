import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { ParametersByPath } from '../platform/secrets';

/**
 * SSM Parameter Store through Powertools' SSMProvider: every parameter under
 * a path, SecureStrings decrypted, the pages walked by the library, each by
 * its name below the path. The provider's own cache is bypassed
 * (`forceFetch`): `ensureSecrets` decides how old the secrets may be.
 * `SSM_ENDPOINT` points it elsewhere (tests: a server answering recorded
 * SSM answers).
 */
export function ssmParametersByPath(env: Readonly<Record<string, string | undefined>>, client?: SSMClient): ParametersByPath {
  const provider = new SSMProvider({ awsSdkV3Client: client ?? new SSMClient({ ...(env.AWS_REGION ? { region: env.AWS_REGION } : {}), ...(env.SSM_ENDPOINT ? { endpoint: env.SSM_ENDPOINT } : {}) }) });
  return async (path) => (await provider.getMultiple(path, { decrypt: true, forceFetch: true })) ?? {};
}
