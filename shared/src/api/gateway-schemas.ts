import * as z from 'zod';
import { TRIP_CAUSES } from '../alarms/device-findings';
import { ReportedParameters } from '../meter-params/params';

const Instant = z.iso.datetime({ offset: true });
const Hex = (maxBytes: number) => z.string().regex(/^(?:[0-9A-Fa-f]{2})+$/, 'must be hex bytes').max(maxBytes * 2);

/**
 * One thing a gateway says of one meter behind it, found by its address on
 * the gateway (a DL/T 645 / CJ/T 188 address, a Modbus slave number, a LoRa
 * meter's address). Exactly one of the report kinds:
 * - `energy`: a cumulative register the gateway already decoded (a LoRa
 *   meter's JSON), a decimal with its unit;
 * - `frame`: the meter's own DL/T 645 or CJ/T 188 answer, as hex;
 * - `modbus`: the meter's raw Modbus-RTU answer to the poll of its model's
 *   register block (`start` when the gateway read from elsewhere);
 * - `trip`: a circuit's protection opened (a forbidden appliance, an overload…);
 * - `online`: the meter answered (or stopped answering) on the bus;
 * - `commandResult`: what the meter did with a command from the outbox.
 */
export const GatewayReport = z
  .strictObject({
    address: z.string().regex(/^[0-9A-Fa-f]{1,14}$/, 'must be the meter’s address on the gateway'),
    /** When the meter was read (the gateway's clock); the batch's arrival when absent. */
    at: Instant.optional(),
    energy: z.strictObject({ value: z.union([z.string().max(24), z.number()]), unit: z.enum(['kWh', 'Wh', 'm3', 'L']) }).optional(),
    frame: Hex(256).optional(),
    modbus: z.strictObject({ frame: Hex(256), start: z.int().min(0).max(0xffff).optional() }).optional(),
    trip: z
      .strictObject({ cause: z.enum(TRIP_CAUSES), powerW: z.int().min(0).max(1_000_000).optional(), limitW: z.int().min(0).max(1_000_000).optional() })
      .optional(),
    online: z.boolean().optional(),
    /** A meter that keeps its own balance (表端计费): its balance and how many purchases it has taken. */
    /** The remote parameters the meter holds, read back (its clock as `clockAt`). */
    params: ReportedParameters.optional(),
    meterState: z.strictObject({ balanceFen: z.int().min(-100_000_000).max(100_000_000), purchaseCount: z.int().min(0).max(1_000_000_000) }).optional(),
    commandResult: z.strictObject({ commandId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), outcome: z.enum(['succeeded', 'failed']) }).optional(),
  })
  .refine((report) => ['energy', 'frame', 'modbus', 'trip', 'online', 'meterState', 'params', 'commandResult'].filter((key) => key in report).length === 1, {
    message: 'a report carries exactly one of energy, frame, modbus, trip, online, meterState, params, commandResult',
  });
export type GatewayReport = z.infer<typeof GatewayReport>;

/** The most reports one batch may carry (a concentrator reads a few hundred meters per round). */
export const GATEWAY_BATCH_MAX_REPORTS = 1000;

/**
 * `POST /v1/webhooks/gateways/{gatewayId}`: a batch of reports. `batchId` is
 * the gateway's own name for the batch: a batch sent again (a lost answer, a
 * store-and-forward replay) is taken once. An empty batch is a heartbeat.
 */
export const GatewayBatch = z.strictObject({
  batchId: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must match [A-Za-z0-9_.:-]{1,64}'),
  sentAt: Instant.optional(),
  reports: z.array(GatewayReport).max(GATEWAY_BATCH_MAX_REPORTS),
});
export type GatewayBatch = z.infer<typeof GatewayBatch>;

/**
 * The same batch relayed by an MQTT broker's webhook bridge (EMQX-style rule
 * action): the gateway published the batch on a topic and the broker posts
 * `{topic, payload, clientid, …}`, the payload being the batch as text.
 */
export const MqttRelayedBatch = z.looseObject({ topic: z.string().max(256), payload: z.string().max(256 * 1024), clientid: z.string().max(128).optional() });

export const CreateGatewayRequest = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must match [A-Za-z0-9_-]{1,40}'),
  name: z.string().min(1).max(40),
  buildingId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  /** What stands behind it: RS-485 meters (a data-transfer unit or concentrator), or a LoRa network. */
  kind: z.enum(['rs485', 'lora']),
  /** Minutes without a batch or heartbeat before it is offline (and alarmed); 30 by default. */
  silentAfterMinutes: z.int().min(5).max(1440).optional(),
});
export type CreateGatewayRequest = z.infer<typeof CreateGatewayRequest>;

export const GatewayView = z.object({
  id: z.string(),
  name: z.string(),
  buildingId: z.string(),
  kind: z.enum(['rs485', 'lora']),
  silentAfterMinutes: z.int(),
  online: z.boolean(),
  lastSeenAt: z.string().nullable(),
  fingerprint: z.string(),
  createdAt: z.string(),
  /** The meters behind it, by their address on it (a terminal's circuits with what they feed). */
  points: z.array(z.object({ meterId: z.string(), address: z.string(), circuit: z.object({ number: z.int(), label: z.string().nullable() }).nullable() })),
});

/** What a gateway's creation answers: its view and, this once, its secret. */
export const CreatedGateway = GatewayView.omit({ points: true }).extend({ secret: z.string() });

/** A command waiting in a gateway's outbox: the meter's address on the gateway and the frame to put on its bus. */
export const GatewayCommand = z.object({
  commandId: z.string(),
  address: z.string(),
  action: z.string(),
  /** The meter frame to put on the bus (empty for a purchase, which the gateway seals for the meter from `purchase`). */
  frame: z.string(),
  purchase: z.object({ count: z.int(), amountFen: z.int() }).optional(),
  /** Remote parameters to set (`set_params`); `clock: true` sets the meter to the gateway's time. */
  params: z.record(z.string(), z.unknown()).optional(),
  expiresAt: z.string(),
});
