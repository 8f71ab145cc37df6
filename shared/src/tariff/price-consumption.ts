import { exactCostMicroFen, parsePrice } from '../money';
import type { PriceItem, PricingInput, PricingResult } from './pricing-types';
import type { Tariff } from './schema';
import { epochMs } from './shanghai-time';
import { priceTiered } from './tiered';
import { priceTouByRegisters, priceTouByTime } from './tou';

/**
 * Prices the consumption between two readings under one tariff.
 *
 * - flat: one line at the price.
 * - tiered: the cycle is the calendar month or year (Asia/Shanghai) of `to`;
 *   consumption is cut exactly at the thresholds, after `cycleUsedBefore`;
 *   thresholds are pro-rated when `tenancyStart` falls inside the cycle.
 * - tou: the meter's `registers` when given, otherwise `[from, to)` split by the
 *   schedule (and seasons) and the quantity allocated by time spent per period.
 * - components: one more line each, over the whole quantity.
 *
 * Pure and exact: costs are bigint micro-fen (1e-6 fen); round them with
 * `applyCharge` (charging), which carries the fraction of a fen forward.
 *
 * @param tariff a body that went through `parseTariff`.
 * @throws TypeError / RangeError for malformed input (a programmer error).
 * @example
 * priceConsumption(tariff, { quantity: 14_000, from, to, cycleUsedBefore: 0 }).totalMicroFen
 */
export function priceConsumption(tariff: Tariff, input: PricingInput): PricingResult {
  const checked = checkInput(input);
  return priceInterval(tariff, input, checked);
}

/** Validated instants of an input; `cycleAtMs` fixes the tier cycle (the reporting reading's time). */
export interface IntervalTimes {
  readonly fromMs: number;
  readonly toMs: number;
  readonly cycleAtMs: number;
  readonly tenancyStartMs: number | undefined;
}

/** Validates a pricing input, returning its instants; shared with the versioned pricer. */
export function checkInput(input: PricingInput): IntervalTimes {
  const { quantity, cycleUsedBefore } = input;
  if (!Number.isSafeInteger(quantity) || quantity < 0) throw new RangeError(`quantity must be a non-negative safe integer, got ${quantity}`);
  if (!Number.isSafeInteger(cycleUsedBefore) || cycleUsedBefore < 0) {
    throw new RangeError(`cycleUsedBefore must be a non-negative safe integer, got ${cycleUsedBefore}`);
  }
  if (!Number.isSafeInteger(quantity + cycleUsedBefore)) throw new RangeError('cycleUsedBefore + quantity is not a safe integer');
  const fromMs = epochMs(input.from, 'from');
  const toMs = epochMs(input.to, 'to');
  if (fromMs >= toMs) throw new RangeError('from must be before to');
  const tenancyStartMs = input.tenancyStart === undefined ? undefined : epochMs(input.tenancyStart, 'tenancyStart');
  if (tenancyStartMs !== undefined && tenancyStartMs > toMs) throw new RangeError('tenancyStart is after the reading');
  return { fromMs, toMs, cycleAtMs: toMs, tenancyStartMs };
}

/** Prices one interval whose input has been checked; the tier cycle is that of `times.cycleAtMs`. */
export function priceInterval(tariff: Tariff, input: PricingInput, times: IntervalTimes): PricingResult {
  const items = [...consumptionItems(tariff, input, times), ...componentItems(tariff, input.quantity)];
  return { items, totalMicroFen: items.reduce((sum, item) => sum + item.costMicroFen, 0n) };
}

function consumptionItems(tariff: Tariff, input: PricingInput, times: IntervalTimes): PriceItem[] {
  const { quantity } = input;
  switch (tariff.kind) {
    case 'flat': {
      if (quantity === 0) return [];
      const pricePer10kYuan = parsePrice(tariff.price);
      const costMicroFen = exactCostMicroFen(quantity, pricePer10kYuan);
      return [{ label: 'flat', kind: 'consumption', quantity, pricePer10kYuan, costMicroFen }];
    }
    case 'tiered':
      return priceTiered(tariff, quantity, input.cycleUsedBefore, times.cycleAtMs, times.tenancyStartMs);
    case 'tou': {
      const byRegisters = input.registers ? priceTouByRegisters(tariff, quantity, input.registers, times.toMs) : null;
      return byRegisters ?? priceTouByTime(tariff, quantity, times.fromMs, times.toMs);
    }
  }
}

function componentItems(tariff: Tariff, quantity: number): PriceItem[] {
  if (quantity === 0) return [];
  return (tariff.components ?? []).map((component) => {
    const pricePer10kYuan = parsePrice(component.price);
    return {
      label: component.name,
      kind: 'component',
      quantity,
      pricePer10kYuan,
      costMicroFen: exactCostMicroFen(quantity, pricePer10kYuan),
    };
  });
}
