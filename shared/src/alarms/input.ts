/**
 * What the alarm rules look at: one meter's configuration and state, its
 * recent consumption, and the instant of evaluation. Everything comes in as
 * data (no clock, no I/O), so an evaluation can be replayed exactly.
 */

export type AlarmUtility = 'electricity' | 'water';

/** The meter as configured and as the platform last saw it. */
export interface AlarmMeter {
  readonly id: string;
  readonly utility: AlarmUtility;
  /** The manager's low-balance threshold (CONTRACT.md `lowBalanceFen`); 0 disables the threshold. */
  readonly lowBalanceFen: number;
  /** Supply is kept on even when the balance is exhausted. */
  readonly keepOn: boolean;
  readonly supply: 'on' | 'off';
}

/** State flags the meter last reported (shaped like a codec's decoded status). */
export interface AlarmMeterStatus {
  readonly batteryLow?: boolean;
  readonly fault?: boolean;
  readonly valve?: 'open' | 'closed' | 'abnormal';
}

/**
 * Consumption over `[from, to)`: the difference of two consecutive accepted
 * readings, in base units (Wh, L). Intervals of one meter never overlap; gaps
 * (missing readings) are allowed and count as "no data", not as "no use".
 */
export interface AlarmUsageInterval {
  readonly from: Date;
  readonly to: Date;
  readonly quantity: number;
}

/** The input of {@link evaluateMeterAlarms}. Optional settings fall back to the `DEFAULT_…` constants. */
export interface MeterAlarmInput {
  readonly meter: AlarmMeter;
  /** The wallet balance; negative when in arrears. */
  readonly balanceFen: number;
  readonly now: Date;
  /** Recent intervals in any order, typically the last 7 days. */
  readonly recentUsage: readonly AlarmUsageInterval[];
  /** Recent average cost of one base unit (Wh or L) in micro-fen, to forecast the days a balance lasts. */
  readonly lastCostPerUnitMicroFen?: bigint;
  /** The days the balance lasts, already forecast (e.g. from a kept spending pace): used instead of forecasting from `recentUsage`. */
  readonly daysRemaining?: number | null;
  readonly status?: AlarmMeterStatus;
  /** When the meter last reported anything; null if never. */
  readonly lastReportAt: Date | null;
  /** Hours of silence after which communication counts as lost (whole hours, default 26). */
  readonly commLossAfterHours?: number;
  /** A balance forecast to last fewer whole days than this is low (default 3; 0 disables the forecast rule). */
  readonly lowBalanceDays?: number;
  /** Hourly rate a surge must exceed whatever the meter's pattern, in base units per hour (default by utility). */
  readonly surgeFloorPerHour?: number;
  /** Smallest night flow that counts as a leak, in L per hour (default 2). */
  readonly nightMinFlowLPerHour?: number;
}

/** NB-IoT meters report once a day: a day plus two hours of slack before the silence means something. */
export const DEFAULT_COMM_LOSS_AFTER_HOURS = 26;
/** Two days of notice is the least a tenant needs to recharge before being cut. */
export const DEFAULT_LOW_BALANCE_DAYS = 3;
/**
 * Rates above the pattern that are still ordinary: 2 kWh in an hour is a
 * heater or an air conditioner at full power in a rented room; 0.5 m³ in an
 * hour is a tap left open for an hour (a shower uses about 0.1 m³).
 */
export const DEFAULT_SURGE_FLOOR_PER_HOUR: Readonly<Record<AlarmUtility, number>> = { electricity: 2_000, water: 500 };
/** A dripping tap or a running toilet cistern loses at least this much (L per hour). */
export const DEFAULT_NIGHT_MIN_FLOW_L_PER_HOUR = 2;
