import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { parse } from 'yaml';
import { repoRoot } from './here';
import { waitFor } from './processes';

interface TableResource {
  Properties: CreateTableCommandInput & {
    TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
  };
}

/**
 * Creates the table declared in serverless.yml's `resources` (the one
 * definition used on AWS too) under `tableName`, and waits until it is ACTIVE.
 */
export async function createTableFromServerlessYml(client: DynamoDBClient, tableName: string, root = repoRoot): Promise<void> {
  const doc = parse(readFileSync(path.join(root, 'serverless.yml'), 'utf8')) as {
    resources: { Resources: { Table: TableResource } };
  };
  const { TimeToLiveSpecification, ...props } = doc.resources.Resources.Table.Properties;
  const input: CreateTableCommandInput = {
    TableName: tableName,
    AttributeDefinitions: props.AttributeDefinitions,
    KeySchema: props.KeySchema,
    GlobalSecondaryIndexes: props.GlobalSecondaryIndexes,
    BillingMode: props.BillingMode,
  };
  await client.send(new CreateTableCommand(input));
  await waitFor(`table ${tableName}`, async () => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table?.TableStatus === 'ACTIVE';
  }, 20_000);
  if (TimeToLiveSpecification) {
    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification }));
  }
}
