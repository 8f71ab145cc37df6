import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from './batch';
import * as z from 'zod';
import type { TableRef } from './client';
import { GSI1, keys } from './keys';
import { UserItem, type User } from './users';

export const StoredInvitation = z.object({
  role: z.enum(['manager', 'admin']),
  buildings: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  note: z.string().nullable().default(null),
  usedBy: z.string().optional(),
  usedAt: z.string().optional(),
});
export type StoredInvitation = z.infer<typeof StoredInvitation>;

/**
 * Invitations that make a user staff. The item's key is the SHA-256 of the
 * code (the code itself is shown once and never stored). Redeeming marks it
 * used and grants the role in one transaction whose condition is "not used,
 * not expired": of two concurrent redemptions exactly one wins.
 */
export function createStaffRepository(table: TableRef) {
  const T = table.tableName;
  return {
    async createInvitation(codeHash: string, invitation: StoredInvitation, expiresAtEpochS: number): Promise<void> {
      await table.doc.send(
        new PutCommand({
          TableName: T,
          Item: { ...keys.invitation(codeHash), entity: 'invitation', ...invitation, expiresAtEpochS },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    },

    /** The openids of a building's managers. */
    async managersOf(buildingId: string): Promise<string[]> {
      const items = await queryAll(table, {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': keys.building(buildingId).PK, ':sk': keys.buildingManagerPrefix },
      });
      return items.map((item) => String(item.SK).slice(keys.buildingManagerPrefix.length));
    },

    /** Makes a user a manager of a building in its list (the demo's seeded manager). */
    async addManager(buildingId: string, openid: string, at: string): Promise<void> {
      await table.doc.send(new PutCommand({ TableName: T, Item: { ...keys.buildingManager(buildingId, openid), entity: 'building-manager', openid, since: at } }));
    },

    async invitation(codeHash: string): Promise<StoredInvitation | null> {
      const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: keys.invitation(codeHash), ConsistentRead: true }));
      return Item ? StoredInvitation.parse(Item) : null;
    },

    /**
     * Uses the invitation for the user and, in the same transaction, gives
     * them the roles and buildings, on condition that the user's roles and
     * buildings are still those read (`before`): `'user-changed'` means read
     * them again. Nothing is written unless all of it is.
     */
    redeem: (codeHash: string, grant: Grant) => redeem(table, codeHash, grant),

    /** The staff directory: every manager and admin, with name, roles and buildings. */
    async directory(): Promise<User[]> {
      const items = await queryAll(table, { IndexName: GSI1, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': keys.staffIndex('').GSI1PK } });
      return items.map((item) => UserItem.parse(item));
    },
  };
}

/** What a redemption gives a user, on condition their roles and buildings are still `before`. */
interface Grant {
  readonly openid: string;
  readonly at: string;
  readonly before: { readonly roles: readonly string[]; readonly buildings: readonly string[] };
  readonly roles: readonly string[];
  readonly buildings: readonly string[];
  /** What staff see them as: their name, else the invitation's note. */
  readonly name: string | null;
}

async function redeem(table: TableRef, codeHash: string, grant: Grant): Promise<'redeemed' | 'used' | 'expired' | 'user-changed'> {
  const T = table.tableName;
  try {
    await table.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: T,
              Key: keys.invitation(codeHash),
              UpdateExpression: 'SET usedBy = :openid, usedAt = :at',
              ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(usedBy) AND expiresAt > :at',
              ExpressionAttributeValues: { ':openid': grant.openid, ':at': grant.at },
            },
          },
          {
            Update: {
              TableName: T,
              Key: keys.user(grant.openid),
              // Staff are listed in the directory (GSI1 STAFF), with their name.
              UpdateExpression: 'SET #roles = :roles, buildings = :buildings, GSI1PK = :staffPk, GSI1SK = :staffSk, #name = :name',
              // A user written before buildings existed has none: no attribute stands for [].
              ConditionExpression: grant.before.buildings.length === 0 ? '#roles = :oldRoles AND (attribute_not_exists(buildings) OR buildings = :oldBuildings)' : '#roles = :oldRoles AND buildings = :oldBuildings',
              ExpressionAttributeNames: { '#roles': 'roles', '#name': 'name' },
              ExpressionAttributeValues: {
                ':staffPk': keys.staffIndex(grant.openid).GSI1PK,
                ':staffSk': keys.staffIndex(grant.openid).GSI1SK,
                ':name': grant.name,
                ':roles': [...grant.roles],
                ':buildings': [...grant.buildings],
                ':oldRoles': [...grant.before.roles],
                ':oldBuildings': [...grant.before.buildings],
              },
            },
          },
          // The building's list of its managers (what an alarm is told to), for the buildings this adds.
          ...grant.buildings
            .filter((building) => !grant.before.buildings.includes(building))
            .map((building) => ({ Put: { TableName: T, Item: { ...keys.buildingManager(building, grant.openid), entity: 'building-manager', openid: grant.openid, since: grant.at } } })),
        ],
      }),
    );
    return 'redeemed';
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const [invitation, user] = error.CancellationReasons ?? [];
    if (invitation?.Code === 'ConditionalCheckFailed') {
      const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: keys.invitation(codeHash), ConsistentRead: true }));
      const seen = Item ? StoredInvitation.parse(Item) : null;
      return seen?.usedBy ? 'used' : 'expired';
    }
    if (user?.Code === 'ConditionalCheckFailed') return 'user-changed';
    throw error;
  }
}

export type StaffRepository = ReturnType<typeof createStaffRepository>;
