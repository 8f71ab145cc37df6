/**
 * What every meter codec (DL/T 645, CJ/T 188, IoTDA JSON properties) turns a
 * meter's report into: a cumulative register in base units, the unit the
 * platform bills in (CONTRACT.md: electricity in Wh, water in L).
 */

/** A water meter's valve as the meter reports it. */
export type DecodedValveState = 'open' | 'closed' | 'abnormal';

/** The state flags a meter reported, where it reported them. */
export interface DecodedMeterStatus {
  readonly valve?: DecodedValveState;
  readonly batteryLow?: boolean;
  readonly fault?: boolean;
  /** The status word as received (CJ/T 188: ST0 in the low byte, ST1 in the high byte). */
  readonly raw?: number;
}

/** Per-tariff-period registers of an electricity meter, in Wh. */
export interface DecodedRegisters {
  readonly rate1?: number;
  readonly rate2?: number;
  readonly rate3?: number;
  readonly rate4?: number;
}

/** One decoded meter reading, whatever the protocol it came in. */
export interface DecodedReading {
  readonly utility: 'electricity' | 'water';
  /** The cumulative total register: Wh for electricity, L for water. A non-negative safe integer. */
  readonly totalBaseUnits: number;
  /** Tariff-period registers in Wh, when the meter was asked for them. */
  readonly registers?: DecodedRegisters;
  /** When the meter says the reading was taken (its clock, or the platform's event time), when known. */
  readonly at?: Date;
  readonly status?: DecodedMeterStatus;
  /** Phase-A voltage in tenths of a volt. */
  readonly voltageDecivolts?: number;
  /** Phase-A current in mA (negative when the meter flags reverse direction). */
  readonly currentMilliamps?: number;
}
