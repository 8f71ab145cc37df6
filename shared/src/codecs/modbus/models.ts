import { CodecError } from '../codec-error';
import { ModbusRegisterMap } from './register-map';

/**
 * The register maps shipped for meters met behind RS-485 data-transfer units
 * and gateways. Each cites the published table it was read from; addresses
 * are 0-based as on the wire (a manual's "30073" is input register 0x0048).
 */
export const MODBUS_MODELS = {
  /**
   * Eastron SDM120-Modbus (single-phase DIN-rail meter).
   * Source: Eastron "SDM120-Modbus Smart Single Phase Energy Meter — Modbus
   * Protocol", input registers (function 04), IEEE 754 float, high word first:
   * 30001 line-to-neutral volts (V), 30007 current (A), 30073 import active
   * energy (kWh). Import, not 30343 total (import + export), is what a tenant pays for.
   */
  'eastron-sdm120': ModbusRegisterMap.parse({
    model: 'eastron-sdm120',
    title: 'Eastron SDM120-Modbus',
    source: 'Eastron SDM120-Modbus protocol, input registers 30001 (V), 30007 (A), 30073 (import kWh), float32 ABCD',
    fn: 4,
    block: { start: 0x0000, count: 0x004a },
    fields: {
      energy: { register: 0x0048, type: 'float32', scale: 3 },
      voltage: { register: 0x0000, type: 'float32', scale: 1 },
      current: { register: 0x0006, type: 'float32', scale: 3 },
    },
  }),
  /**
   * CHINT DDSU666 (single-phase). Source: CHINT DDSU666 user manual,
   * communication address table, holding registers (function 03), float32
   * high word first: 0x2000 U (V), 0x2002 I (A), 0x4000 ImpEp (forward active
   * energy, kWh). Voltage and current are 0x2000 registers away from the
   * energy, more than one read may carry (125): the gateway polls the energy.
   */
  'chint-ddsu666': ModbusRegisterMap.parse({
    model: 'chint-ddsu666',
    title: 'CHINT DDSU666',
    source: 'CHINT DDSU666 manual, Modbus address table: 0x4000 ImpEp kWh float32 ABCD (0x2000 U, 0x2002 I in a separate block)',
    fn: 3,
    block: { start: 0x4000, count: 2 },
    fields: { energy: { register: 0x4000, type: 'float32', scale: 3 } },
  }),
  /**
   * Hiking DDS238-2 ZN/S (single-phase, integer registers). Source: the
   * DDS238-2 ZN/S Modbus register table, holding registers (function 03):
   * 0x0000–0x0001 total energy (0.01 kWh, unsigned, high word first),
   * 0x000C voltage (0.1 V), 0x000D current (0.01 A).
   */
  'hiking-dds238': ModbusRegisterMap.parse({
    model: 'hiking-dds238',
    title: 'Hiking DDS238-2 ZN/S',
    source: 'DDS238-2 ZN/S register table: 0x0000-0x0001 total energy 0.01 kWh uint32, 0x000C 0.1 V, 0x000D 0.01 A',
    fn: 3,
    block: { start: 0x0000, count: 0x0012 },
    fields: {
      energy: { register: 0x0000, type: 'uint32', scale: 1 },
      voltage: { register: 0x000c, type: 'uint16', scale: 0 },
      current: { register: 0x000d, type: 'uint16', scale: 1 },
    },
  }),
} as const satisfies Record<string, ModbusRegisterMap>;

export type ModbusModel = keyof typeof MODBUS_MODELS;
export const MODBUS_MODEL_IDS = Object.keys(MODBUS_MODELS) as [ModbusModel, ...ModbusModel[]];

/** The shipped map of `model`. */
export function modbusMapOf(model: string): ModbusRegisterMap {
  const map = (MODBUS_MODELS as Record<string, ModbusRegisterMap>)[model];
  if (!map) throw new CodecError('unsupported', `no register map for meter model "${model}"`);
  return map;
}
