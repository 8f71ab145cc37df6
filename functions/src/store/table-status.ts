import { DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import type { TableRef } from './client';

/**
 * True once the table and all its indexes are ACTIVE. A missing table is
 * "not ready", not an error: the local stack creates it after the API starts.
 */
export async function isTableReady(table: TableRef): Promise<boolean> {
  try {
    const { Table } = await table.raw.send(new DescribeTableCommand({ TableName: table.tableName }));
    if (Table?.TableStatus !== 'ACTIVE') return false;
    return (Table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}
