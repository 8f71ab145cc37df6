import { PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { batchGetByKey, queryAll } from './batch';
import type { TableRef } from './client';
import { GSI1, keys } from './keys';

export interface Building {
  readonly id: string;
  readonly name: string;
  readonly address: string;
}

export interface Room {
  readonly buildingId: string;
  readonly id: string;
  readonly label: string;
}

const BuildingItem = z.object({ id: z.string(), name: z.string(), address: z.string().default('') });

export function createEstateRepository(table: TableRef) {
  const put = (Item: Record<string, unknown>) =>
    table.doc.send(new PutCommand({ TableName: table.tableName, Item })).then(() => undefined);
  return {
    /** Every building is in one GSI1 partition (`BUILDINGS`): an estate has tens or hundreds, not millions. */
    putBuilding: (building: Building) => put({ ...keys.building(building.id), GSI1PK: 'BUILDINGS', GSI1SK: building.id, entity: 'building', ...building }),

    /** Every building, in id order. */
    async listBuildings(): Promise<Building[]> {
      const items = await queryAll(table, { IndexName: GSI1, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': 'BUILDINGS' } });
      return items.map((item) => BuildingItem.parse(item));
    },

    /** These buildings (those that exist), in the order asked. */
    async buildings(ids: readonly string[]): Promise<Building[]> {
      const found = await batchGetByKey(table, ids.map((id) => keys.building(id)));
      return ids.flatMap((id) => {
        const item = found.get(`${keys.building(id).PK}|${keys.building(id).SK}`);
        return item ? [BuildingItem.parse(item)] : [];
      });
    },
    putRoom: (room: Room) => put({ ...keys.room(room.buildingId, room.id), entity: 'room', ...room }),

    /** Those of the ids that name a building. */
    async existingBuildings(ids: readonly string[]): Promise<Set<string>> {
      const found = await batchGetByKey(table, ids.map((id) => keys.building(id)));
      return new Set([...found.values()].map((item) => String(item.id)));
    },
  };
}

export type EstateRepository = ReturnType<typeof createEstateRepository>;
