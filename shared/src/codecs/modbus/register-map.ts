import * as z from 'zod';
import { CodecError } from '../codec-error';
import type { DecodedReading } from '../decoded-reading';
import { decodeModbusReadAnswer, type ModbusReadFunction } from './frame';

/**
 * A meter model's Modbus register map, as data: where each quantity lives,
 * how it is encoded and how it scales to the platform's units. A site with a
 * model not shipped here describes it in this form (validated by
 * {@link ModbusRegisterMap}); nothing else changes.
 */
export const ModbusField = z.strictObject({
  /** 0-based register address on the wire (the manual's 30001/40001 numbering minus its base). */
  register: z.number().int().min(0).max(0xffff),
  type: z.enum(['uint16', 'int16', 'uint32', 'int32', 'float32']),
  /** For two-register values: which register holds the high word. `high_first` is ABCD, `low_first` CDAB. */
  wordOrder: z.enum(['high_first', 'low_first']).default('high_first'),
  /**
   * Power of ten from the register's unit to the platform's (Wh, 0.1 V, mA, W):
   * a float in kWh is 3, an integer in 0.01 kWh is 1, an integer in 0.1 V is 0.
   */
  scale: z.number().int().min(0).max(6),
});
export type ModbusField = z.infer<typeof ModbusField>;

export const ModbusRegisterMap = z.strictObject({
  model: z.string().regex(/^[a-z0-9-]{2,40}$/),
  title: z.string().min(1).max(80),
  /** The published register table this map was read from. */
  source: z.string().min(1).max(300),
  fn: z.union([z.literal(3), z.literal(4)]),
  /** The block a gateway polls: one read that covers every field below. */
  block: z.strictObject({ start: z.number().int().min(0).max(0xffff), count: z.number().int().min(1).max(125) }),
  fields: z.strictObject({
    /** The cumulative energy the meter is billed on, to Wh. */
    energy: ModbusField,
    /** Voltage, to 0.1 V. */
    voltage: ModbusField.optional(),
    /** Current, to mA. */
    current: ModbusField.optional(),
  }),
});
export type ModbusRegisterMap = z.infer<typeof ModbusRegisterMap>;

const WORDS: Readonly<Record<ModbusField['type'], 1 | 2>> = { uint16: 1, int16: 1, uint32: 2, int32: 2, float32: 2 };

/** The raw value of `field` from `words` read from `start`: an integer, or a float32's exact value. */
function rawValue(field: ModbusField, start: number, words: readonly number[]): number {
  const at = field.register - start;
  const size = WORDS[field.type];
  if (at < 0 || at + size > words.length) {
    throw new CodecError('incomplete', `register ${field.register} is outside the ${words.length} registers read from ${start}`);
  }
  const first = words[at]!;
  if (size === 1) return field.type === 'int16' && first >= 0x8000 ? first - 0x10000 : first;
  const second = words[at + 1]!;
  const [high, low] = field.wordOrder === 'high_first' ? [first, second] : [second, first];
  const bits = high * 0x10000 + low;
  if (field.type === 'uint32') return bits;
  if (field.type === 'int32') return bits >= 0x80000000 ? bits - 0x100000000 : bits;
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, bits);
  return view.getFloat32(0);
}

/**
 * The field in the platform's unit, as an integer. Integers scale exactly;
 * a float32 is rounded to the nearest unit (its own precision is coarser
 * than a Wh above ~16,777 kWh, which the property tests bound).
 */
export function decodeModbusField(field: ModbusField, start: number, words: readonly number[]): number {
  const raw = rawValue(field, start, words);
  if (!Number.isFinite(raw)) throw new CodecError('invalid_payload', `register ${field.register} holds ${raw}`);
  const value = field.type === 'float32' ? Math.round(raw * 10 ** field.scale) : raw * 10 ** field.scale;
  if (!Number.isSafeInteger(value)) throw new CodecError('invalid_payload', `register ${field.register} is out of range`);
  return value;
}

/** A reading from registers read from `start` (a gateway's poll of `map.block`). */
export function readingFromModbusRegisters(map: ModbusRegisterMap, start: number, words: readonly number[]): DecodedReading {
  const energy = decodeModbusField(map.fields.energy, start, words);
  if (energy < 0) throw new CodecError('invalid_payload', `the energy register holds a negative ${energy} Wh`);
  const { voltage, current } = map.fields;
  return {
    utility: 'electricity',
    totalBaseUnits: energy,
    ...(voltage ? { voltageDecivolts: decodeModbusField(voltage, start, words) } : {}),
    ...(current ? { currentMilliamps: decodeModbusField(current, start, words) } : {}),
  };
}

/** A reading from a raw Modbus-RTU answer to the poll of `map.block` (function, slave and CRC checked). */
export function readingFromModbusAnswer(map: ModbusRegisterMap, frame: Uint8Array, slave: number, start: number = map.block.start): DecodedReading {
  const answer = decodeModbusReadAnswer(frame, { expectedSlave: slave });
  if (answer.fn !== (map.fn as ModbusReadFunction)) throw new CodecError('unsupported', `the map reads with function ${map.fn}, the answer is to ${answer.fn}`);
  return readingFromModbusRegisters(map, start, answer.words);
}

/** Registers that hold `values` (in the platform's units) at their fields: the inverse of decoding, for the simulator and tests. */
export function encodeModbusRegisters(map: ModbusRegisterMap, values: { readonly energyWh: number; readonly voltageDecivolts?: number; readonly currentMilliamps?: number }): number[] {
  const words = new Array<number>(map.block.count).fill(0);
  const put = (field: ModbusField | undefined, value: number | undefined) => {
    if (!field || value === undefined) return;
    const at = field.register - map.block.start;
    const scaled = value / 10 ** field.scale;
    if (field.type === 'uint16' || field.type === 'int16') {
      words[at] = (Math.trunc(scaled) + 0x10000) % 0x10000;
      return;
    }
    let bits: number;
    if (field.type === 'float32') {
      const view = new DataView(new ArrayBuffer(4));
      view.setFloat32(0, scaled);
      bits = view.getUint32(0);
    } else bits = (Math.trunc(scaled) + 0x100000000) % 0x100000000;
    const [high, low] = [Math.floor(bits / 0x10000), bits % 0x10000];
    [words[at], words[at + 1]] = field.wordOrder === 'high_first' ? [high, low] : [low, high];
  };
  put(map.fields.energy, values.energyWh);
  put(map.fields.voltage, values.voltageDecivolts);
  put(map.fields.current, values.currentMilliamps);
  return words;
}
