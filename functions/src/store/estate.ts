import { PutCommand } from '@aws-sdk/lib-dynamodb';
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
  };
}

export type EstateRepository = ReturnType<typeof createEstateRepository>;
