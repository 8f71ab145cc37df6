import { CodecError } from '../codec-error';

/**
 * DL/T 645-2007 data identifiers this codec reads, written as the standard
 * prints them (DI3 DI2 DI1 DI0). On the wire they travel DI0 first.
 */
export const DLT645_DATA_ID = {
  /** Total forward active energy, XXXXXX.XX kWh. */
  totalForwardActiveEnergy: 0x0001_0000,
  /** Forward active energy of tariff period 1..4 (sharp, peak, flat, valley on most meters), XXXXXX.XX kWh. */
  forwardActiveEnergyRate1: 0x0001_0100,
  forwardActiveEnergyRate2: 0x0001_0200,
  forwardActiveEnergyRate3: 0x0001_0300,
  forwardActiveEnergyRate4: 0x0001_0400,
  /** Phase-A voltage, XXX.X V. */
  phaseAVoltage: 0x0201_0100,
  /** Phase-A current, XXX.XXX A (the top bit of the highest byte is the direction). */
  phaseACurrent: 0x0202_0100,
} as const;

/** The energy registers an answer can carry. */
export type Dlt645EnergyRegister = 'total' | 'rate1' | 'rate2' | 'rate3' | 'rate4';

/** The data identifier of each energy register. */
export const DLT645_ENERGY_DATA_IDS: Readonly<Record<Dlt645EnergyRegister, number>> = {
  total: DLT645_DATA_ID.totalForwardActiveEnergy,
  rate1: DLT645_DATA_ID.forwardActiveEnergyRate1,
  rate2: DLT645_DATA_ID.forwardActiveEnergyRate2,
  rate3: DLT645_DATA_ID.forwardActiveEnergyRate3,
  rate4: DLT645_DATA_ID.forwardActiveEnergyRate4,
};

/** A data identifier as its 4 wire bytes, DI0 first. */
export function dataIdBytes(dataId: number): Uint8Array {
  if (!Number.isInteger(dataId) || dataId < 0 || dataId > 0xffff_ffff) {
    throw new CodecError('invalid_argument', 'a data identifier is a 32-bit unsigned integer', { details: { field: 'dataId' } });
  }
  return Uint8Array.of(dataId & 0xff, (dataId >>> 8) & 0xff, (dataId >>> 16) & 0xff, (dataId >>> 24) & 0xff);
}

/** Reads the 4 data-identifier bytes at the start of `data` (DI0 first). */
export function readDataId(data: Uint8Array): number {
  if (data.length < 4) {
    throw new CodecError('bad_length', 'DL/T 645: an answer holds a 4-byte data identifier', { details: { length: data.length } });
  }
  return (((data[3] ?? 0) << 24) >>> 0) + ((data[2] ?? 0) << 16) + ((data[1] ?? 0) << 8) + (data[0] ?? 0);
}

/** A data identifier as the standard prints it: `00 01 00 00`. */
export function formatDataId(dataId: number): string {
  return (dataId >>> 0).toString(16).toUpperCase().padStart(8, '0').replace(/(..)(?!$)/g, '$1 ');
}
