import type { TouPeriod } from './tou-schema';

/**
 * What a reading's consumption is priced from. Quantities are integers of base
 * units (Wh for electricity, L for water); times are instants, interpreted in
 * Asia/Shanghai where calendars matter.
 */
export interface PricingInput {
  /** Consumption over the interval, in base units: a non-negative safe integer. */
  readonly quantity: number;
  /** Time of the previous reading (start of the interval, inclusive). */
  readonly from: Date;
  /** Time of this reading (end of the interval, exclusive); it fixes the tier cycle. */
  readonly to: Date;
  /** Base units already billed in the current tier cycle (tiered tariffs; ignored by the others). */
  readonly cycleUsedBefore: number;
  /**
   * Per-period quantities reported by the meter (DL/T 645 rate 1..4 registers,
   * already mapped to period names): a time-of-use tariff bills these instead
   * of splitting the interval by the clock. Ignored by flat and tiered tariffs.
   */
  readonly registers?: Partial<Record<TouPeriod, number>>;
  /** When the tenant moved in: tier thresholds of the cycle it falls in are pro-rated. */
  readonly tenancyStart?: Date;
}

/** One line of an itemised charge. */
export interface PriceItem {
  /** `flat`, `tier 2`, a period name (with the season in brackets when the season sets its price), or a component's name. */
  readonly label: string;
  /** `consumption` for the energy or water itself, `component` for a per-unit fee on top. */
  readonly kind: 'consumption' | 'component';
  readonly period?: TouPeriod;
  /** Name of the season whose price applies, when a season overrides the period's price. */
  readonly season?: string;
  /** 1-based tier number. */
  readonly tier?: number;
  /** Base units (Wh, L) billed on this line. */
  readonly quantity: number;
  readonly pricePer10kYuan: number;
  /** Exact cost: quantity × pricePer10kYuan × 10 micro-fen (1e-6 fen). */
  readonly costMicroFen: bigint;
  /** With effective-dated versions: the `effectiveFrom` of the version that priced this line. */
  readonly effectiveFrom?: Date;
}

export interface PricingResult {
  /** Lines with a non-zero quantity, consumption lines first, then components. */
  readonly items: readonly PriceItem[];
  /** Sum of the items' exact costs, in micro-fen. Round it to fen with charging/applyCharge. */
  readonly totalMicroFen: bigint;
}
