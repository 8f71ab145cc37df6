import { UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from './client';

/** True for DynamoDB's answer to a write whose condition did not hold. */
export const isConditionFailure = (error: unknown): boolean => (error as Error | undefined)?.name === 'ConditionalCheckFailedException';

/**
 * A conditional UpdateItem that reports its condition instead of throwing:
 * true when written, false when the condition did not hold (nothing written).
 * Every other error is thrown.
 */
export async function updateIf(table: TableRef, input: Omit<UpdateCommandInput, 'TableName'>): Promise<boolean> {
  try {
    await table.doc.send(new UpdateCommand({ TableName: table.tableName, ...input }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
