import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from './client';
import { keys } from './keys';

const KEEP_DAYS = 180;
const MAX_RAW_CHARS = 64_000;

export interface ArchivedPush {
  readonly id: string;
  readonly platform: string;
  readonly receivedAt: string;
  readonly raw: string;
  /** What became of it: `reading:<status>`, `unknown_device`, `rejected:<reason>`, `presence`, `command_result`, `ignored`, `error`. */
  readonly outcome: string;
  readonly deviceId?: string;
  readonly meterId?: string;
}

/** The raw pushes of the IoT platforms, kept 180 days for audit; unknown devices are also listed apart. */
export function createPushArchive(table: TableRef) {
  return {
    async archive(push: ArchivedPush): Promise<void> {
      await table.doc.send(
        new PutCommand({
          TableName: table.tableName,
          Item: {
            ...keys.push(push.platform, push.receivedAt, push.id),
            ...(push.outcome === 'unknown_device' ? keys.unknownPushIndex(push.receivedAt) : {}),
            entity: 'push',
            ...push,
            raw: push.raw.slice(0, MAX_RAW_CHARS),
            truncated: push.raw.length > MAX_RAW_CHARS,
            expiresAtEpochS: Math.floor(Date.parse(push.receivedAt) / 1000) + KEEP_DAYS * 86_400,
          },
        }),
      );
    },
  };
}

export type PushArchive = ReturnType<typeof createPushArchive>;
