import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetByKey } from './batch';
import type { TableRef } from './client';
import { keys } from './keys';

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

export function createEstateRepository(table: TableRef) {
  const put = (Item: Record<string, unknown>) =>
    table.doc.send(new PutCommand({ TableName: table.tableName, Item })).then(() => undefined);
  return {
    putBuilding: (building: Building) => put({ ...keys.building(building.id), entity: 'building', ...building }),
    putRoom: (room: Room) => put({ ...keys.room(room.buildingId, room.id), entity: 'room', ...room }),

    /** Those of the ids that name a building. */
    async existingBuildings(ids: readonly string[]): Promise<Set<string>> {
      const found = await batchGetByKey(table, ids.map((id) => keys.building(id)));
      return new Set([...found.values()].map((item) => String(item.id)));
    },
  };
}

export type EstateRepository = ReturnType<typeof createEstateRepository>;
