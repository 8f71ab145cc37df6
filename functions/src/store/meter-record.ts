import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { MeterId, Utility } from '@prepaid/shared';
import * as z from 'zod';
import type { TableRef } from './client';
import { keys } from './keys';

/** A meter as stored (metadata only; money lives in its wallet item). */
export const MeterRecord = z.object({
  id: MeterId,
  utility: Utility,
  protocol: z.enum(['dlt645', 'cjt188', 'json', 'modbus']),
  /** The communication address its frames carry (a Modbus slave number for `modbus`). */
  address: z.string(),
  /** How it reaches us: an IoT platform, or one of our gateways (`deviceId` is then the gateway's id). */
  platform: z.enum(['ctwing', 'onenet', 'iotda', 'simulator', 'gateway']),
  deviceId: z.string(),
  /**
   * Its circuit on a multi-circuit terminal or a multi-user meter (one device,
   * several metering points, each found by its address): the number and what
   * it feeds (照明, 插座, 空调…). Null for a device that is one meter.
   */
  circuit: z.object({ number: z.number().int().min(1).max(36), label: z.string().nullable() }).nullable().default(null),
  /** The register map of a Modbus meter (`MODBUS_MODELS`), else null. */
  model: z.string().nullable().default(null),
  /**
   * Who keeps the balance the supply follows: the platform (it cuts and
   * restores), or the meter itself (表端计费: each credit is sent to it as a
   * numbered purchase, and it cuts itself at zero). The ledger is the truth either way.
   */
  billing: z.enum(['platform', 'meter']).default('platform'),
  /** Purchases issued to a meter-side meter: the last number and the fen they carried in all. */
  // `since`: when a replacement was recorded (the new meter counts its purchases afresh; commands before it were the
  // old meter's); `replacedAt`: that replacement's baseline, so the same replacement sent again restarts nothing.
  purchase: z
    .object({ count: z.number().int().nonnegative(), fen: z.number().int().nonnegative(), since: z.string().optional(), replacedAt: z.string().optional() })
    .default({ count: 0, fen: 0 }),
  /** What a meter-side meter last said of itself. */
  meterSide: z.object({ purchaseCount: z.number().int().nonnegative(), balanceFen: z.number().int(), at: z.string() }).nullable().default(null),
  /** The remote parameters last set on it (by which command, when), and those it last reported holding. */
  params: z.object({ desired: z.record(z.string(), z.unknown()), commandId: z.string(), at: z.string() }).nullable().default(null),
  reportedParams: z.object({ held: z.record(z.string(), z.unknown()), at: z.string() }).nullable().default(null),
  imei: z.string().nullable(),
  /** The tariff in force now (for display); billing uses `tariffAssignments`. */
  tariffId: z.string(),
  /** Which tariff applies from when: a meter can switch schedules at a set instant. */
  tariffAssignments: z.array(z.object({ tariffId: z.string(), effectiveFrom: z.string() })).min(1),
  /** When the current tenancy began: tier thresholds of that cycle are pro-rated. */
  tenancyStart: z.string().nullable().default(null),
  /** Most the meter can count in an hour (base units); above it a reading is quarantined. */
  maxPlausiblePerHour: z.number().int().positive().nullable().default(null),
  buildingId: z.string().nullable(),
  room: z.string().nullable(),
  lowBalanceFen: z.number().int().nonnegative(),
  keepOn: z.boolean(),
  /** What the meter last reported (or was last commanded successfully). */
  supply: z.enum(['on', 'off']),
  /** Written by earlier versions when a command was queued; no longer read (the supply rule derives what is wanted). */
  desiredSupply: z.enum(['on', 'off']).optional(),
  /** The one supply command in flight, if any. */
  pendingSupply: z.object({ commandId: z.string(), action: z.enum(['cut', 'restore']), createdAt: z.string() }).nullable().optional(),
  /** A manager's manual cut: no credit lifts it, only a manual restore. */
  supplyHold: z.object({ by: z.string(), at: z.string(), reason: z.string() }).nullable().default(null),
  /**
   * Bumped by every write of a fact the supply rule reads on this item (hold,
   * keep-on, the pending command, the reported supply): a command is queued
   * only if it is still the revision the decision was made on.
   */
  supplyRevision: z.number().int().nonnegative().default(0),
  /** Supply commands that failed or expired in a row (reset by a success): the next one waits longer each time. */
  supplyFailures: z.number().int().nonnegative().default(0),
  lastSupplyFailureAt: z.string().nullable().default(null),
  lastReportAt: z.string().nullable().optional(),
  online: z.boolean(),
  createdAt: z.string(),
});
export type MeterRecord = z.infer<typeof MeterRecord>;

/** One meter's record by id. */
export async function getMeter(table: TableRef, meterId: string): Promise<MeterRecord | null> {
  const { Item } = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: keys.meterKey(meterId) }));
  return Item ? MeterRecord.parse(Item) : null;
}
