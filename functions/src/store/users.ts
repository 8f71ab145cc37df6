import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Role } from '@prepaid/shared';
import * as z from 'zod';
import type { TableRef } from './client';
import { keys } from './keys';

export interface User {
  readonly openid: string;
  readonly roles: Role[];
  readonly name: string | null;
  readonly createdAt: string;
  /** The buildings a manager acts on (empty for anyone else; an admin acts on all). */
  readonly buildings: string[];
}

/** A user as stored (also what the staff directory lists). */
export const UserItem = z.object({
  openid: z.string(),
  roles: z.array(Role),
  name: z.string().nullable().default(null),
  createdAt: z.string(),
  buildings: z.array(z.string()).default([]),
});

export function createUserRepository(table: TableRef) {
  return {
    async get(openid: string): Promise<User | null> {
      const { Item } = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: keys.user(openid) }));
      return Item ? UserItem.parse(Item) : null;
    },

    /** Creates the user as a tenant on first login; an existing user is returned unchanged. */
    async getOrCreate(openid: string, createdAt: string): Promise<User> {
      const out = await table.doc.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: keys.user(openid),
          UpdateExpression:
            'SET openid = if_not_exists(openid, :openid), #roles = if_not_exists(#roles, :roles), ' +
            '#name = if_not_exists(#name, :name), createdAt = if_not_exists(createdAt, :createdAt), entity = :entity',
          ExpressionAttributeNames: { '#roles': 'roles', '#name': 'name' },
          ExpressionAttributeValues: {
            ':openid': openid,
            ':roles': ['tenant'],
            ':name': null,
            ':createdAt': createdAt,
            ':entity': 'user',
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return UserItem.parse(out.Attributes);
    },

    /** Writes a user with the given roles (provisioning and demo data). */
    async put(user: User): Promise<void> {
      await table.doc.send(
        new PutCommand({
          TableName: table.tableName,
          // Staff are listed in the staff directory.
          Item: { ...keys.user(user.openid), ...(user.roles.some((role) => role !== 'tenant') ? keys.staffIndex(user.openid) : {}), entity: 'user', ...user },
        }),
      );
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
