import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from './client';
import { keys } from './keys';

/**
 * The items of one meter's partition whose sort key lies between `low` and
 * `high` (inclusive), in sort-key order (or reverse), page by page as they
 * are read: a caller that stops early reads no more pages.
 */
export async function* meterRange(
  table: TableRef,
  meterId: string,
  range: { low: string; high: string; forward?: boolean; pageSize?: number; consistent?: boolean },
): AsyncGenerator<Record<string, unknown>> {
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :low AND :high',
        ExpressionAttributeValues: { ':pk': keys.meterPartition(meterId), ':low': range.low, ':high': range.high },
        ScanIndexForward: range.forward ?? true,
        ...(range.consistent ? { ConsistentRead: true } : {}),
        ...(range.pageSize ? { Limit: range.pageSize } : {}),
        ExclusiveStartKey: cursor,
      }),
    );
    yield* page.Items ?? [];
    cursor = page.LastEvaluatedKey;
  } while (cursor);
}
