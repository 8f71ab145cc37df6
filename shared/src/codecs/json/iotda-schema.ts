import * as z from 'zod';

/** A quantity as a JSON number or a decimal string; exactness is checked when it is scaled. */
const Quantity = z.union([z.number(), z.string()]);

/**
 * The properties of a meter service, as a product model on Huawei IoTDA
 * declares them. Exactly one total per service: electricity as `totalEnergy`
 * (kWh) or `energyWh`, water as `totalFlow` (m³) or `volumeL`. Other
 * properties pass through untouched.
 */
export const IotdaMeterProperties = z.looseObject({
  /** Total forward active energy in kWh, at most 3 decimals (exact Wh). */
  totalEnergy: Quantity.optional(),
  /** The same in whole Wh. */
  energyWh: Quantity.optional(),
  /** Cumulative volume in m³, at most 3 decimals (exact L). */
  totalFlow: Quantity.optional(),
  /** The same in whole litres. */
  volumeL: Quantity.optional(),
  /** `open`, `closed` or `abnormal`, any case. */
  valveState: z.string().optional(),
  batteryLow: z.boolean().optional(),
  /** Phase-A voltage in V, at most 1 decimal. */
  voltage: Quantity.optional(),
  /** Phase-A current in A, at most 3 decimals. */
  current: Quantity.optional(),
});
export type IotdaMeterProperties = z.infer<typeof IotdaMeterProperties>;

/** One entry of `notify_data.body.services` of a `device.property` push. */
export const IotdaService = z.looseObject({
  service_id: z.string().min(1),
  properties: z.record(z.string(), z.unknown()),
  /** `yyyyMMdd'T'HHmmss'Z'`. */
  event_time: z.string().optional(),
});
export type IotdaService = z.infer<typeof IotdaService>;

/** `notify_data.body.services`. */
export const IotdaServices = z.array(IotdaService);

/** The service ids that carry meter readings (compared case-insensitively). */
export const IOTDA_METER_SERVICE_IDS = ['meter', 'electricity', 'water'] as const;
