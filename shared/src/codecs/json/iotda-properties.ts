import type * as z from 'zod';
import { CodecError } from '../codec-error';
import type { DecodedMeterStatus, DecodedReading, DecodedValveState } from '../decoded-reading';
import { scaleDecimalQuantity } from './decimal';
import { parseIotdaEventTime } from './event-time';
import { IOTDA_METER_SERVICE_IDS, IotdaMeterProperties, IotdaServices, type IotdaService } from './iotda-schema';

type Utility = DecodedReading['utility'];

function invalid(error: z.ZodError, prefix: string): CodecError {
  const issue = error.issues[0];
  const field = [prefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
  return new CodecError('invalid_payload', `${field || 'services'}: ${issue?.message ?? 'invalid'}`, { details: { field } });
}

/** One total from either of its two spellings (decimal in kilo-units, or whole base units); both must agree. */
function total(decimal: unknown, whole: unknown, names: readonly [string, string], field: string): number | undefined {
  const fromDecimal = decimal === undefined ? undefined : scaleDecimalQuantity(decimal, 3, `${field}.${names[0]}`);
  const fromWhole = whole === undefined ? undefined : scaleDecimalQuantity(whole, 0, `${field}.${names[1]}`);
  if (fromDecimal !== undefined && fromWhole !== undefined && fromDecimal !== fromWhole) {
    throw new CodecError('inconsistent', `${field}: ${names[0]} and ${names[1]} disagree`, { details: { field } });
  }
  return fromDecimal ?? fromWhole;
}

function valveState(text: string, field: string): DecodedValveState {
  const state = text.toLowerCase();
  if (state === 'open' || state === 'closed' || state === 'abnormal') return state;
  throw new CodecError('invalid_payload', `${field}: valveState is open, closed or abnormal`, { details: { field } });
}

/** The utility and total a meter service reports, checked against what its id promises. */
function serviceTotal(
  service: IotdaService,
  properties: IotdaMeterProperties,
  field: string,
): [Utility, number] | undefined {
  const energyWh = total(properties.totalEnergy, properties.energyWh, ['totalEnergy', 'energyWh'], field);
  const volumeL = total(properties.totalFlow, properties.volumeL, ['totalFlow', 'volumeL'], field);
  const id = service.service_id.toLowerCase();
  const mixed =
    (energyWh !== undefined && volumeL !== undefined) ||
    (id === 'electricity' && volumeL !== undefined) ||
    (id === 'water' && energyWh !== undefined);
  if (mixed) {
    throw new CodecError('invalid_payload', `${field}: service "${service.service_id}" mixes electricity and water`, {
      details: { field },
    });
  }
  if (energyWh !== undefined) return ['electricity', energyWh];
  return volumeL === undefined ? undefined : ['water', volumeL];
}

function readingOf(service: IotdaService, index: number): DecodedReading | undefined {
  const field = `services.${index}.properties`;
  const parsed = IotdaMeterProperties.safeParse(service.properties);
  if (!parsed.success) throw invalid(parsed.error, field);
  const properties = parsed.data;
  const found = serviceTotal(service, properties, field);
  if (!found) return undefined;
  const status: DecodedMeterStatus = {
    ...(properties.valveState !== undefined ? { valve: valveState(properties.valveState, field) } : {}),
    ...(properties.batteryLow !== undefined ? { batteryLow: properties.batteryLow } : {}),
  };
  const { voltage, current } = properties;
  const eventTime = service.event_time;
  return {
    utility: found[0],
    totalBaseUnits: found[1],
    ...(eventTime !== undefined ? { at: parseIotdaEventTime(eventTime, `services.${index}.event_time`) } : {}),
    ...(Object.keys(status).length > 0 ? { status } : {}),
    ...(voltage !== undefined ? { voltageDecivolts: scaleDecimalQuantity(voltage, 1, `${field}.voltage`) } : {}),
    ...(current !== undefined ? { currentMilliamps: scaleDecimalQuantity(current, 3, `${field}.current`) } : {}),
  };
}

/**
 * Maps the `services` of a Huawei IoTDA `device.property` push
 * (`notify_data.body.services`) to a reading. Meter services are those with id
 * `Meter`, `electricity` or `water` (any case); others are ignored. Exactly one
 * meter service must carry a total: `totalEnergy` (kWh) or `energyWh` for
 * electricity, `totalFlow` (m³) or `volumeL` for water. Decimals become whole
 * Wh and L without floating point (see `scaleDecimalQuantity`); the service's
 * `event_time` becomes `at`.
 *
 * @throws CodecError `invalid_payload` (schema, decimals, event time, mixed or
 *   several totals), `inconsistent` (two spellings of one total disagree),
 *   `incomplete` (no meter service carries a total).
 * @example mapIotdaProperties([{ service_id: 'Meter', properties: { totalEnergy: 1234.56 }, event_time: '20261121T080000Z' }])
 *   // { utility: 'electricity', totalBaseUnits: 1234560, at: 2026-11-21T08:00:00Z }
 */
export function mapIotdaProperties(services: unknown): DecodedReading {
  const parsed = IotdaServices.safeParse(services);
  if (!parsed.success) throw invalid(parsed.error, 'services');
  const meterIds: readonly string[] = IOTDA_METER_SERVICE_IDS;
  const readings = parsed.data.flatMap((service, index) => {
    if (!meterIds.includes(service.service_id.toLowerCase())) return [];
    const reading = readingOf(service, index);
    return reading ? [reading] : [];
  });
  const [reading, ...others] = readings;
  if (!reading) throw new CodecError('incomplete', 'IoTDA: no meter service reports a total');
  if (others.length > 0) throw new CodecError('invalid_payload', 'IoTDA: more than one meter service reports a total');
  return reading;
}
