import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableGuard, type Access } from '../platform/access';
import { traced } from '../platform/tracing';

export interface TableRef {
  readonly doc: DynamoDBDocumentClient;
  readonly raw: DynamoDBClient;
  readonly tableName: string;
}

/**
 * One client per container. Locally `endpoint` points at DynamoDB Local, which
 * accepts any credentials; on AWS the Lambda role's credentials are used.
 */
export function createTableRef(options: { tableName: string; region: string; endpoint?: string | undefined; access?: Access | null }): TableRef {
  const raw = traced(new DynamoDBClient({
    region: options.region,
    ...(options.endpoint
      ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    maxAttempts: 4,
  }));
  // Only what the function's access allows leaves (platform/access.ts): what its IAM role would allow on AWS.
  if (options.access) raw.middlewareStack.use(tableGuard(options.access));
  const doc = DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  return { doc, raw, tableName: options.tableName };
}
